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

        /// Base64 is case-sensitive: a match found folded must also match exactly.
        var needsExactCase: Bool {
            if case .base64 = self { return true }
            return false
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
            if !forms.contains(where: { $0.bytes.map(MultiPatternAutomaton.fold) == bytes.map(MultiPatternAutomaton.fold) }) {
                forms.append(CanaryForm(canary: canary, encoding: .plain, bytes: bytes))
            }
        }
        for urlSafe in [false, true] {
            for alignment in 0..<3 {
                let encoded = base64Core(of: utf8, alignment: alignment, urlSafe: urlSafe)
                guard encoded.count >= 8 else { continue }
                if urlSafe, forms.contains(where: { $0.bytes == encoded }) { continue }
                forms.append(CanaryForm(canary: canary, encoding: .base64(alignment: alignment, urlSafe: urlSafe), bytes: encoded))
            }
        }
        let hexDigits = Array("0123456789abcdef".utf8)
        forms.append(CanaryForm(canary: canary, encoding: .hex, bytes: utf8.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 15)]] }))
        let units = Array(value.utf16)
        forms.append(CanaryForm(canary: canary, encoding: .utf16LittleEndian, bytes: units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        forms.append(CanaryForm(canary: canary, encoding: .utf16BigEndian, bytes: units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
        return forms
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
