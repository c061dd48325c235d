import Foundation

/// Makes outside text safe to print: control characters become visible escapes, so a file or an endpoint cannot drive the terminal.
///
/// ```swift
/// ControlCharacters.escaped("ok\u{1B}[2J\n") // "ok\\u{1b}[2J\\n"
/// ```
public enum ControlCharacters {
    /// `text` with C0 controls, DEL and C1 controls written as `\n`, `\r`, `\t` or `\u{XX}`.
    public static func escaped(_ text: String) -> String {
        escaped(text, keepingLines: false)
    }

    /// Like `escaped(_:)`, but line feeds and tabs are kept: for text already laid out in lines, such as
    /// everything a verb prints, so no byte of a file, recording or endpoint can reach the terminal as a control.
    ///
    /// ```swift
    /// ControlCharacters.escapedKeepingLines("a\tb\n\u{1B}]0;title\u{7}") // "a\tb\n\\u{1b}]0;title\\u{7}"
    /// ```
    public static func escapedKeepingLines(_ text: String) -> String {
        escaped(text, keepingLines: true)
    }

    private static func escaped(_ text: String, keepingLines: Bool) -> String {
        func escapes(_ scalar: Unicode.Scalar) -> Bool {
            isControl(scalar) && !(keepingLines && (scalar == "\n" || scalar == "\t"))
        }
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case _ where !escapes(scalar): result.unicodeScalars.append(scalar)
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result += "\\u{" + String(scalar.value, radix: 16) + "}"
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
