// Why this file is unsafe: it calls SQLite's C API through raw handles (`sqlite3*`,
// `sqlite3_stmt*` as `OpaquePointer`) and copies column values out of memory SQLite owns.
//
// What keeps it correct: a connection handle is opened read-only once and closed once in
// `deinit`; a statement is prepared on a live connection (the `SQLiteConnection` is kept for
// the statement's life) and finalized once in `deinit`. Text parameters are bound with
// `SQLITE_TRANSIENT`, so SQLite copies them before the call returns. A column's text or blob
// pointer is valid only until the next step, so each is copied into a Swift value at once,
// reading exactly `sqlite3_column_bytes` bytes.

import CSQLite

/// A read-only SQLite connection.
final class SQLiteConnection {
    fileprivate let handle: OpaquePointer?

    /// Opens `path` read-only with a 5 s busy timeout; fails with SQLite's message.
    init(readOnly path: String) throws(ReadBackError) {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "unknown error"
            sqlite3_close(handle)
            throw ReadBackError("cannot open \(path) read-only: \(message)")
        }
        sqlite3_busy_timeout(handle, 5000)
        self.handle = handle
    }

    deinit { sqlite3_close(handle) }

    /// SQLite's message for the last failure on this connection.
    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

/// One prepared statement, stepped row by row.
final class SQLiteStatement {
    private let connection: SQLiteConnection
    private var statement: OpaquePointer?

    /// Prepares `sql` with text parameters bound to `?1`, `?2`, ...; fails with SQLite's message.
    init(_ sql: String, on connection: SQLiteConnection, parameters: [String]) throws(ReadBackError) {
        self.connection = connection
        guard sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw ReadBackError("SQL error: \(connection.errorMessage)")
        }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, parameter) in parameters.enumerated() {
            sqlite3_bind_text(statement, Int32(index + 1), parameter, -1, transient)
        }
    }

    deinit { sqlite3_finalize(statement) }

    /// Moves to the next row: true when there is one, false when done; fails with SQLite's message.
    func step() throws(ReadBackError) -> Bool {
        let step = sqlite3_step(statement)
        if step == SQLITE_DONE { return false }
        guard step == SQLITE_ROW else { throw ReadBackError("SQL error: \(connection.errorMessage)") }
        return true
    }

    /// How many columns a row has.
    var columnCount: Int32 { sqlite3_column_count(statement) }

    /// The current row's value in `column`, copied.
    func value(at column: Int32) -> SQLiteReader.Value {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, column)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let pointer = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .null
        }
    }
}
