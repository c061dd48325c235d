#if canImport(Glibc)
import Glibc
#endif

/// Reads a batch log's records one at a time, a chunk at a time, so replaying a large log never holds it whole.
struct LogRecordReader {
    /// What the log holds next.
    enum Next {
        /// A whole record (without its newline) starting at `offset`.
        case record(offset: Int64, bytes: [UInt8])
        /// Bytes without a final newline from `offset` to the end: a record torn by a crash mid-write.
        case torn(offset: Int64)
        case end
    }

    private let descriptor: Int32
    private let path: String
    private let chunkSize: Int
    /// Bytes read from the file; `buffer[0]` is at `bufferOffset` in it, and `buffer[start...]` is not yet handed out.
    private var buffer: [UInt8] = []
    private var bufferOffset: Int64 = 0
    private var start = 0
    private var atEnd = false

    init(descriptor: Int32, path: String, chunkSize: Int = 1 << 20) {
        self.descriptor = descriptor
        self.path = path
        self.chunkSize = chunkSize
    }

    /// The next record, the torn end, or the end.
    mutating func next() throws -> Next {
        var searched = start
        while true {
            if let newline = buffer[searched...].firstIndex(of: 10) {
                let record = Next.record(offset: bufferOffset + Int64(start), bytes: Array(buffer[start..<newline]))
                start = newline + 1
                return record
            }
            if atEnd { return start == buffer.count ? .end : .torn(offset: bufferOffset + Int64(start)) }
            // Drop what was handed out before reading on, so the buffer holds at most one record and a chunk.
            buffer.removeFirst(start)
            bufferOffset += Int64(start)
            start = 0
            searched = buffer.count
            switch FileDescriptor.read(descriptor, count: chunkSize, at: bufferOffset + Int64(buffer.count)) {
            case .success(let chunk):
                if chunk.count < chunkSize { atEnd = true }
                buffer += chunk
            case .failure(let failure):
                throw StoreError("cannot read \(path): \(String(cString: strerror(failure.code)))")
            }
        }
    }
}
