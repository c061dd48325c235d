import ScenarioLanguage
import SessionModel

/// Sanitizes what the network and console plugins capture, per the masking policy.
///
/// Network, in client mode: the headers `Authorization`, `Cookie` and `Set-Cookie`
/// are always replaced by `[REDACTED]`, as are headers named by `redact-header`
/// rules; body fields named by `redact-body-field` are replaced wherever they occur
/// in a JSON body (their whole value, nested or not); `drop-*-bodies` rules remove
/// bodies. Console and error text, in client mode, is scrubbed of what an SDK can
/// recognise: Luhn-valid card numbers, email addresses, `tok_` tokens and bearer
/// credentials. Raw mode keeps everything.
struct PayloadSanitizer {
    let policy: MaskingPolicy
    /// The body fields `redact-body-field` rules name, gathered once rather than for every body and canary path.
    let redactedFields: Set<String>

    init(policy: MaskingPolicy) {
        self.policy = policy
        redactedFields = Set(policy.networkRules.compactMap { if case .redactBodyField(let field) = $0 { return field }; return nil })
    }

    static let redacted = "[REDACTED]"
    static let alwaysRedactedHeaders: Set<String> = ["authorization", "cookie", "set-cookie"]

    var isRaw: Bool { policy.mode == .raw }

    /// Whether a header's value is replaced.
    func redactsHeader(_ name: String) -> Bool {
        if isRaw { return false }
        let lower = name.lowercased()
        if PayloadSanitizer.alwaysRedactedHeaders.contains(lower) { return true }
        return policy.networkRules.contains { if case .redactHeader(let header) = $0 { return header.lowercased() == lower }; return false }
    }

    func dropsRequestBodies() -> Bool { !isRaw && policy.networkRules.contains(.dropRequestBodies) }
    func dropsResponseBodies() -> Bool { !isRaw && policy.networkRules.contains(.dropResponseBodies) }

    /// A body with redacted fields replaced.
    func sanitizeBody(_ body: JSONValue) -> JSONValue {
        if isRaw || redactedFields.isEmpty { return body }
        return redact(body, fields: redactedFields)
    }

    private func redact(_ value: JSONValue, fields: Set<String>) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { member in
                (key: member.key, value: fields.contains(member.key) ? .string(PayloadSanitizer.redacted) : redact(member.value, fields: fields))
            }))
        case .array(let items):
            return .array(items.map { redact($0, fields: fields) })
        default:
            return value
        }
    }

    /// Whether a canary planted at a JSON path (object keys on the way) in a body ends up redacted.
    func redactsBodyPath(_ keys: [String], request: Bool) -> Bool {
        if isRaw { return false }
        if request ? dropsRequestBodies() : dropsResponseBodies() { return true }
        return keys.contains { redactedFields.contains($0) }
    }

    /// Kinds the console scrubber recognises.
    static let scrubbedKinds: Set<Canary.Kind> = [.card, .email, .token]

    /// Console or error text with recognisable secrets replaced by `[REDACTED]`.
    ///
    /// Text with no secret in it is returned as it is, without being rebuilt.
    func scrubText(_ text: String) -> String {
        if isRaw || !PayloadSanitizer.mayHoldSecret(text) { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        // Scalars from here on are not yet in `output`; those before the current index hold no secret.
        var copiedUpTo = 0
        var index = 0
        while index < scalars.count {
            if let end = PayloadSanitizer.matchSecret(scalars, at: index) {
                output.append(contentsOf: scalars[copiedUpTo..<index])
                output.append(contentsOf: PayloadSanitizer.redacted.unicodeScalars)
                index = end
                copiedUpTo = end
            } else {
                index += 1
            }
        }
        if output.isEmpty { return text }
        output.append(contentsOf: scalars[copiedUpTo...])
        return String(output)
    }

    /// Whether `text` has what every secret `matchSecret` finds needs: a `tok_`, an `@` or 13 ASCII digits.
    ///
    /// One pass over the bytes (ASCII bytes occur in UTF-8 only as themselves), so most console and error
    /// text is returned without being split into scalars and scanned word by word.
    static func mayHoldSecret(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var digits = 0
            for index in bytes.indices {
                let byte = bytes[index]
                if byte == UInt8(ascii: "@") { return true }
                if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    digits += 1
                    if digits >= 13 { return true }
                }
                if byte == UInt8(ascii: "_"), index >= 3, bytes[index - 3] == UInt8(ascii: "t"), bytes[index - 2] == UInt8(ascii: "o"), bytes[index - 1] == UInt8(ascii: "k") {
                    return true
                }
            }
            return false
        }
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        isLetterOrDigit(s) || s == "_" || s == "." || s == "-" || s == "+"
    }

    /// Whether the scalar is alphabetic (in Unicode's sense) or an ASCII digit; ASCII is answered without the property tables.
    private static func isLetterOrDigit(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let value = s.value | 0x20
            return (value >= 0x61 && value <= 0x7A) || (s.value >= 0x30 && s.value <= 0x39)
        }
        return s.properties.isAlphabetic
    }

    /// The end of a secret starting at `index`, if one starts there.
    private static func matchSecret(_ s: [Unicode.Scalar], at index: Int) -> Int? {
        let startsWord = index == 0 || !isWordScalar(s[index - 1])
        // tok_ tokens
        if startsWord, index + 4 < s.count, s[index] == "t", s[index + 1] == "o", s[index + 2] == "k", s[index + 3] == "_" {
            var end = index + 4
            while end < s.count, isLetterOrDigit(s[end]) { end += 1 }
            if end > index + 8 { return end }
        }
        // card numbers: 13-19 digits, optionally split by spaces or dashes, Luhn-valid
        if startsWord, s[index].value >= 0x30, s[index].value <= 0x39 {
            var digits = ""
            var end = index
            var lastDigitEnd = index
            while end < s.count {
                let c = s[end]
                if c.value >= 0x30 && c.value <= 0x39 { digits.unicodeScalars.append(c); end += 1; lastDigitEnd = end }
                else if (c == " " || c == "-"), end + 1 < s.count, s[end + 1].value >= 0x30, s[end + 1].value <= 0x39 { end += 1 }
                else { break }
                if digits.count > 19 { break }
            }
            if digits.count >= 13, digits.count <= 19, CanaryGenerator.isLuhnValid(digits) { return lastDigitEnd }
        }
        // email addresses
        if startsWord, isWordScalar(s[index]), s[index] != "." {
            var at = index
            while at < s.count, isWordScalar(s[at]) { at += 1 }
            if at < s.count, s[at] == "@", at > index {
                var end = at + 1
                var sawDot = false
                while end < s.count, isWordScalar(s[end]) { if s[end] == "." { sawDot = true }; end += 1 }
                while end > at + 1, s[end - 1] == "." { end -= 1 }
                if sawDot, end > at + 3 { return end }
            }
        }
        return nil
    }
}
