/// Turns a scenario file's bytes into text, or a diagnostic at the first byte that is not UTF-8.
///
/// Every verb that reads scenarios should go through here, so `lint` refuses what `run` cannot read,
/// at the same file:line:column (the column counts characters, as parser diagnostics do).
///
/// ```swift
/// ScenarioSource.text(from: [0x61, 0xFF], file: "a.scenario") // .failure: a.scenario:1:2 invalid UTF-8
/// ```
public enum ScenarioSource {
    /// The decoded text, or an error diagnostic pointing at the first invalid byte.
    public static func text(from bytes: [UInt8], file: String) -> Result<String, ScenarioDiagnostics> {
        guard let bad = firstInvalidByte(in: bytes) else { return .success(String(decoding: bytes, as: UTF8.self)) }
        let lineStart = bytes[..<bad].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lineEnd = bytes[bad...].firstIndex(of: 0x0A) ?? bytes.count
        let line = bytes[..<lineStart].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let column = String(decoding: bytes[lineStart..<bad], as: UTF8.self).unicodeScalars.count + 1
        let hex = String(bytes[bad], radix: 16, uppercase: true)
        return .failure(ScenarioDiagnostics([Diagnostic(
            .error, "invalid UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) at byte offset \(bad) is not part of a valid character",
            location: SourceLocation(file: file, line: line, column: column), length: 1,
            sourceLine: String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self),
            notes: ["scenario files must be UTF-8; re-save the file as UTF-8"])]))
    }

    /// The offset where the first ill-formed UTF-8 sequence starts (overlongs, surrogates and values past U+10FFFF are ill-formed).
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            case 0xF1...0xF3: length = 4
            default: return index
            }
            for position in 1..<length {
                let next = index + position
                guard next < bytes.count else { return index }
                guard (position == 1 ? secondRange : 0x80...0xBF).contains(bytes[next]) else { return index }
            }
            index += length
        }
        return nil
    }
}
