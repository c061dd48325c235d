/// Why a JSON text could not be read, and exactly where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, in plain words ("expected ',' or ']'").
    public var message: String
    /// The byte offset of the problem in the input, counting from 0.
    public var offset: Int
    /// The 1-based line of `offset`.
    public var line: Int
    /// The 1-based column (in bytes) of `offset`.
    public var column: Int
    /// The value being read when the problem was found.
    public var path: JSONPath

    public init(message: String, offset: Int, line: Int, column: Int, path: JSONPath = .root) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
        self.path = path
    }

    public var description: String {
        "\(message) at byte \(offset) (line \(line), column \(column)), path \(path)"
    }

    /// Computes line and column of `offset` in `bytes`.
    static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return (line, offset - lineStart + 1)
    }
}
