/// A scenario file's bytes split into lines, able to turn byte offsets into locations.
final class SourceText {
    let file: String
    let bytes: [UInt8]
    /// For each line, the byte range of its content (without `\n` or a trailing `\r`).
    let lines: [Range<Int>]

    init(_ text: String, file: String) {
        self.file = file
        bytes = Array(text.utf8)
        var lines: [Range<Int>] = []
        // A UTF-8 byte order mark is not part of the first line.
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var start = bom
        var index = bom
        while index < bytes.count {
            if bytes[index] == 0x0A {
                let end = index > start && bytes[index - 1] == 0x0D ? index - 1 : index
                lines.append(start..<end)
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count {
            let end = bytes[bytes.count - 1] == 0x0D ? bytes.count - 1 : bytes.count
            lines.append(start..<max(start, end))
        }
        self.lines = lines
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    func lineText(_ line: Int) -> String {
        text(lines[line])
    }

    /// The 0-based line holding `offset` (the last line for offsets past the end).
    func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lines.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lines[middle].lowerBound <= offset { low = middle } else { high = middle - 1 }
        }
        return max(0, low)
    }

    /// How many Unicode scalars start in `range` (bytes that are not UTF-8 continuation bytes).
    func scalarCount(_ range: Range<Int>) -> Int {
        var count = 0
        for byte in bytes[range] where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// A diagnostic underlining `span` (byte offsets into the file, on one line).
    func diagnostic(_ message: String, span: Range<Int>, label: String? = nil, notes: [String] = [], severity: Diagnostic.Severity = .error) -> Diagnostic {
        guard !lines.isEmpty else {
            return Diagnostic(severity, message, location: SourceLocation(file: file, line: 1, column: 1), length: 1, sourceLine: "", label: label, notes: notes)
        }
        let lineIndex = lineIndex(of: span.lowerBound)
        let line = lines[lineIndex]
        let start = min(max(span.lowerBound, line.lowerBound), line.upperBound)
        let end = min(max(span.upperBound, start), line.upperBound)
        let column = scalarCount(line.lowerBound..<start) + 1
        let length = scalarCount(start..<end)
        return Diagnostic(severity, message, location: SourceLocation(file: file, line: lineIndex + 1, column: column), length: length, sourceLine: lineText(lineIndex), label: label, notes: notes)
    }

    func location(of offset: Int) -> SourceLocation {
        guard !lines.isEmpty else { return SourceLocation(file: file, line: 1, column: 1) }
        let lineIndex = lineIndex(of: offset)
        let line = lines[lineIndex]
        let start = min(max(offset, line.lowerBound), line.upperBound)
        return SourceLocation(file: file, line: lineIndex + 1, column: scalarCount(line.lowerBound..<start) + 1)
    }
}

/// A problem found while reading one line; the parser turns it into a `Diagnostic`.
struct LineError: Error {
    var message: String
    var span: Range<Int>
    var label: String?
    var notes: [String] = []
}

/// A word or string read from a line, with its byte span in the file.
struct Token {
    var text: String
    var span: Range<Int>
}
