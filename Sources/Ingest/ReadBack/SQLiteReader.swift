/// A read-only SQLite connection for reading what a real target stored (never writes).
final class SQLiteReader {
    enum Value: Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])

        var text: String? {
            switch self {
            case .text(let text): return text
            case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
            default: return nil
            }
        }

        var bytes: [UInt8]? {
            switch self {
            case .text(let text): return Array(text.utf8)
            case .blob(let bytes): return bytes
            default: return nil
            }
        }

        var integer: Int64? {
            if case .integer(let value) = self { return value }
            return nil
        }
    }

    private let connection: SQLiteConnection

    init(path: String) throws {
        connection = try SQLiteConnection(readOnly: path)
    }

    /// Runs `sql` with text parameters bound to `?1`, `?2`, ... and returns every row.
    func rows(_ sql: String, _ parameters: [String] = []) throws -> [[Value]] {
        let statement = try SQLiteStatement(sql, on: connection, parameters: parameters)
        var rows: [[Value]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.value(at: $0) })
        }
        return rows
    }
}

/// A read-back that could not get at what the target stored, in words.
public struct ReadBackError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
