import Foundation

/// Makes outside text safe to print: control characters become visible escapes, so a file or an endpoint cannot drive the terminal.
///
/// ```swift
/// ControlCharacters.escaped("ok\u{1B}[2J\n") // "ok\\u{1b}[2J\\n"
/// ```
public enum ControlCharacters {
    /// `text` with C0 controls, DEL and C1 controls written as `\n`, `\r`, `\t` or `\u{XX}`.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar): result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The first `limit` bytes of `bytes` as text, trimmed, control characters escaped, with ` …` when cut; empty for no text.
    public static func excerpt(_ bytes: [UInt8], limit: Int = 200) -> String {
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return escaped(text) + (bytes.count > limit && !text.isEmpty ? " …" : "")
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
