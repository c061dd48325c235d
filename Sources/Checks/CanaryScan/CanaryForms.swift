import Foundation

/// The byte patterns one canary is searched for in a single automaton pass, and what each one means.
///
/// The plain form is found in any ASCII case (the automaton folds); base64 (three
/// alignments, standard and URL-safe), hex and UTF-16 are encodings whose bytes
/// can be predicted from the canary alone, so they are patterns too. Encodings
/// that can be mixed freely (URL, JSON `\u`, HTML entities) are decoded instead,
/// and compressed data is inflated, because no fixed pattern covers them.
struct CanaryForm: Sendable, Equatable {
    enum Encoding: Sendable, Equatable {
        case plain
        /// Base64 with the canary starting `alignment` bytes into a 3-byte group.
        case base64(alignment: Int, urlSafe: Bool)
        case hex
        case utf16LittleEndian
        case utf16BigEndian

        /// The decoding a finding names, or nil for the plain form.
        var decoding: String? {
            switch self {
            case .plain: return nil
            case .base64(let alignment, let urlSafe): return (urlSafe ? "base64url" : "base64") + " (alignment \(alignment))"
            case .hex: return "hex"
            case .utf16LittleEndian: return "UTF-16LE"
            case .utf16BigEndian: return "UTF-16BE"
            }
        }


    }

    var canary: Int
    var encoding: Encoding
    /// The bytes as they appear (not folded).
    var bytes: [UInt8]

    /// Every form of `value`, the plain one first.
    static func forms(of value: String, canary: Int) -> [CanaryForm] {
        let utf8 = Array(value.utf8)
        var forms = [CanaryForm(canary: canary, encoding: .plain, bytes: utf8)]
        // The automaton folds ASCII only; other letters changing case are forms of their own.
        for variant in [value.uppercased(), value.lowercased()] where !value.allSatisfy(\.isASCII) {
            let bytes = Array(variant.utf8)
            if !forms.contains(where: { $0.bytes.map(MultiPatternAutomaton.foldCase) == bytes.map(MultiPatternAutomaton.foldCase) }) {
                forms.append(CanaryForm(canary: canary, encoding: .plain, bytes: bytes))
            }
        }
        // One pattern per alignment: the automaton folds the URL-safe alphabet onto the standard one.
        for alignment in 0..<3 {
            let encoded = base64Core(of: utf8, alignment: alignment, urlSafe: false)
            guard encoded.count >= 8 else { continue }
            forms.append(CanaryForm(canary: canary, encoding: .base64(alignment: alignment, urlSafe: false), bytes: encoded))
        }
        let hexDigits = Array("0123456789abcdef".utf8)
        forms.append(CanaryForm(canary: canary, encoding: .hex, bytes: utf8.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 15)]] }))
        let units = Array(value.utf16)
        forms.append(CanaryForm(canary: canary, encoding: .utf16LittleEndian, bytes: units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        forms.append(CanaryForm(canary: canary, encoding: .utf16BigEndian, bytes: units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
        return forms
    }

    /// What a candidate match at `start` is, or nil when the folding made it match bytes this form does not accept.
    ///
    /// Base64 must match exactly, in the standard or the URL-safe alphabet (the
    /// latter named `base64url`); other forms must match up to ASCII case.
    func accept(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (encoding: Encoding, caseChanged: Bool)? {
        let length = self.bytes.count
        if case .base64(let alignment, _) = encoding {
            if (0..<length).allSatisfy({ bytes[start + $0] == self.bytes[$0] }) { return (encoding, false) }
            let safe = self.bytes.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: "-") : $0 == UInt8(ascii: "/") ? UInt8(ascii: "_") : $0 }
            if (0..<length).allSatisfy({ bytes[start + $0] == safe[$0] }) { return (.base64(alignment: alignment, urlSafe: true), false) }
            return nil
        }
        var caseChanged = false
        for offset in 0..<length where bytes[start + offset] != self.bytes[offset] {
            guard MultiPatternAutomaton.foldCase(bytes[start + offset]) == MultiPatternAutomaton.foldCase(self.bytes[offset]) else { return nil }
            caseChanged = true
        }
        return (encoding, caseChanged)
    }

    /// The base64 characters that depend only on the canary when it starts `alignment` bytes into a group.
    ///
    /// Characters that mix in bits of the bytes before or after are dropped, so
    /// the form matches whatever surrounds the canary.
    static func base64Core(of bytes: [UInt8], alignment: Int, urlSafe: Bool) -> [UInt8] {
        var encoded = Array(Data([UInt8](repeating: 0, count: alignment) + bytes).base64EncodedString().utf8)
        encoded.removeFirst(min([0, 2, 3][alignment], encoded.count))
        while encoded.last == UInt8(ascii: "=") { encoded.removeLast() }
        if (alignment + bytes.count) % 3 != 0, !encoded.isEmpty { encoded.removeLast() }
        if urlSafe {
            encoded = encoded.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: "-") : $0 == UInt8(ascii: "/") ? UInt8(ascii: "_") : $0 }
        }
        return encoded
    }
}
