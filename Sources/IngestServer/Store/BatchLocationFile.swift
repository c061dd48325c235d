#if canImport(Glibc)
import Glibc
#endif

/// The batch index's per-batch part: one fixed-size record a batch, in a file beside the log, so memory holds none.
///
/// The file has no name: it is unlinked as soon as it is opened, so it goes with the process, and nothing can
/// change it behind the server or trust it across a start (the store rebuilds it from the log each time). So it
/// is not fsynced, and appends are buffered until the next read or `flushLimit` bytes. Record `n` is at byte
/// `n * BatchLocation.byteCount`.
final class BatchLocationFile {
    /// Where the file was opened, for messages.
    let path: String
    private let descriptor: Int32
    /// Records in the file, the buffered ones included.
    private(set) var count: UInt32 = 0
    /// Appended records not yet written.
    private var pending: [UInt8] = []
    private static let flushLimit = 64 << 10
    /// Records read a chunk at a time by `forEach`.
    private static let recordsPerChunk = 4096

    /// Creates an empty, unnamed file in `path`'s directory.
    init(path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError("cannot create \(path): \(String(cString: strerror(errno)))") }
        unlink(path)
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends `location`; its record number.
    func append(_ location: BatchLocation) throws -> UInt32 {
        guard count < UInt32.max else { throw StoreError("\(path): the store holds as many batches as it can count") }
        if pending.count >= Self.flushLimit { try flush() }
        location.encode(into: &pending)
        count += 1
        return count - 1
    }

    /// The record numbered `number`.
    func location(_ number: UInt32) throws -> BatchLocation {
        let records = try read(from: number, count: 1)
        return BatchLocation(decoding: records[...])
    }

    /// Every record, in order, read a chunk at a time.
    func forEach(_ body: (BatchLocation) throws -> Void) throws {
        var number: UInt32 = 0
        while number < count {
            let chunk = min(UInt32(Self.recordsPerChunk), count - number)
            let bytes = try read(from: number, count: chunk)
            for start in stride(from: 0, to: bytes.count, by: BatchLocation.byteCount) {
                try body(BatchLocation(decoding: bytes[start..<start + BatchLocation.byteCount]))
            }
            number += chunk
        }
    }

    private func read(from number: UInt32, count records: UInt32) throws -> [UInt8] {
        try flush()
        let length = Int(records) * BatchLocation.byteCount
        switch FileDescriptor.read(descriptor, count: length, at: Int64(number) * Int64(BatchLocation.byteCount)) {
        case .success(let bytes) where bytes.count == length:
            return bytes
        case .success:
            throw StoreError("\(path) is shorter than its \(count) records; it was changed behind the server")
        case .failure(let failure):
            throw StoreError("cannot read \(path): \(String(cString: strerror(failure.code)))")
        }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        if let failure = FileDescriptor.writeAll(descriptor, pending) {
            // Cut off a partial write, so the records already written stay where their numbers say.
            _ = ftruncate(descriptor, off_t(Int(count) * BatchLocation.byteCount - pending.count))
            throw StoreError("cannot write \(path): \(String(cString: strerror(failure.code)))")
        }
        pending.removeAll(keepingCapacity: true)
    }
}
