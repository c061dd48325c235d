import Foundation
import SessionModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The reference server's storage: an append-only, fsynced log of batches and erasures, replayed on start.
///
/// A batch is acknowledged only after its log record is written and `fsync`ed, so
/// a `kill -9` at any moment loses nothing acknowledged. A torn last record (a
/// crash mid-write) is cut off on the next start. Memory holds only an index
/// (`BatchIndex`: ids, per-stream sequence runs and the quota counts; each
/// record's place is in an unnamed file beside the log); batches are read back
/// from the log when asked for, so memory does not grow with the batches stored.
final class BatchStore: Sendable {
    /// What storing one batch did.
    enum PutOutcome: Equatable {
        case stored
        case duplicate
        case conflict
        /// Refused: the session would hold `bytes` with this batch, over `limit`.
        case overSessionQuota(bytes: Int, limit: Int)
        /// Refused: the store would hold `bytes` with this batch, over `limit`.
        case overTotalQuota(bytes: Int, limit: Int)
    }

    /// Everything that changes, held under one lock: the open log, the directory lock, and the index.
    private struct State {
        var descriptor: Int32
        /// Holds an exclusive `flock` on `directory/lock` while the store is open, so two servers never share a log.
        var lockDescriptor: Int32
        var index: BatchIndex
        /// Where the last whole record ends: the log's length.
        var logEnd: Int64 = 0
    }

    private let state: Mutex<State>
    let logPath: String
    /// Where the index's unnamed location files are opened.
    private let locationPath: String
    let quota: StorageQuota
    /// JSON nesting a log record may have (a batch's, plus the record around it).
    let maximumJSONDepth: Int

    /// Opens (or creates) `directory/batches.log` and replays it; fails when another server holds the directory.
    init(directory: String, quota: StorageQuota = StorageQuota(), maximumJSONDepth: Int = HTTPLimits().maximumJSONDepth + 1) throws {
        self.quota = quota
        self.maximumJSONDepth = maximumJSONDepth
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lockDescriptor = open(directory + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockDescriptor >= 0 else { throw StoreError("cannot open \(directory)/lock: \(String(cString: strerror(errno)))") }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(lockDescriptor)
            throw StoreError("the data directory \(directory) is in use by another server")
        }
        let logPath = directory + "/batches.log"
        self.logPath = logPath
        let locationPath = directory + "/batches.index"
        self.locationPath = locationPath
        let existed = FileManager.default.fileExists(atPath: logPath)
        let descriptor = open(logPath, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            close(lockDescriptor)
            throw StoreError("cannot open \(logPath): \(String(cString: strerror(errno)))")
        }
        if !existed { Self.syncDirectory(directory) }
        var state: State
        do {
            state = State(descriptor: descriptor, lockDescriptor: lockDescriptor, index: try BatchIndex(locationPath: locationPath))
            try Self.replay(&state, logPath: logPath, locationPath: locationPath, maximumJSONDepth: maximumJSONDepth)
        } catch {
            // Not yet a store, so no deinit: close what was opened here.
            close(descriptor)
            close(lockDescriptor)
            throw error
        }
        self.state = Mutex(state)
    }

    deinit {
        state.withLock { state in
            close(state.descriptor)
            Self.releaseDirectory(&state)
        }
    }

    /// Lets another server open the directory; called when the server stops.
    func releaseDirectory() {
        state.withLock { Self.releaseDirectory(&$0) }
    }

    private static func releaseDirectory(_ state: inout State) {
        if state.lockDescriptor >= 0 {
            close(state.lockDescriptor)
            state.lockDescriptor = -1
        }
    }

    /// Stores `batch` durably unless its (session, window, sequence) is already stored; `force` stores a second copy.
    func put(_ batch: UploadBatch, force: Bool = false) throws -> PutOutcome {
        try state.withLock { state in
            if !force, let first = try state.index.firstStored(like: batch) {
                let stored = try storedBatch(parsing: record(at: first, in: state.descriptor))
                return stored.events == batch.events && stored.pageId == batch.pageId ? .duplicate : .conflict
            }
            let line = Self.logLine(batch)
            let sessionBytes = state.index.bytes(ofSession: batch.sessionId) + line.count
            if sessionBytes > quota.maximumSessionBytes {
                return .overSessionQuota(bytes: sessionBytes, limit: quota.maximumSessionBytes)
            }
            if state.index.totalBytes + line.count > quota.maximumTotalBytes || line.count > UInt32.max {
                return .overTotalQuota(bytes: state.index.totalBytes + line.count, limit: quota.maximumTotalBytes)
            }
            try append(line, to: &state)
            do {
                try state.index.add(batch, offset: state.logEnd, length: line.count)
            } catch {
                // Not indexed, so not acknowledged: cut it off again, or a retry would store it twice.
                _ = ftruncate(state.descriptor, off_t(state.logEnd))
                throw error
            }
            state.logEnd += Int64(line.count)
            return .stored
        }
    }

    /// Removes every batch whose `distinctId` or `userId` is `visitor`, durably; returns how many.
    ///
    /// Erasure must erase the bytes, not just hide them: the log is rewritten
    /// without the visitor's batches (new file, fsync, rename over the old, fsync
    /// the directory), so nothing of the visitor stays on disk.
    func erase(visitor: String) throws -> Int {
        try state.withLock { state in try compact(&state, erasing: visitor) }
    }

    /// Every stored batch, read back from the log, in the order stored.
    func all() throws -> [UploadBatch] {
        let records = try state.withLock { state in try state.index.allLocations().map { try record(at: $0, in: state.descriptor) } }
        return try records.map(storedBatch(parsing:))
    }

    /// The session's batches, read back from the log, in the order stored.
    func batches(ofSession id: String) throws -> [UploadBatch] {
        let records = try state.withLock { state in
            try state.index.locations(ofSession: id).map { try record(at: $0, in: state.descriptor) }
        }
        return try records.map(storedBatch(parsing:))
    }

    /// Every session with its batch and event counts, sorted by id.
    func sessionSummaries() -> [(id: String, batches: Int, events: Int)] {
        state.withLock { $0.index.sessionSummaries() }
    }

    /// The sessions holding a batch whose distinct id or user id is `visitor`, sorted.
    func sessions(ofVisitor visitor: String) -> [String] {
        state.withLock { $0.index.sessions(ofVisitor: visitor) }
    }

    /// One batch as its log record, newline included.
    private static func logLine(_ batch: UploadBatch) -> [UInt8] {
        var writer = JSONWriter()
        writer.writeRaw(Array(#"{"batch":"#.utf8))
        batch.write(to: &writer)
        writer.writeRaw(Array(#","op":"put"}"#.utf8))
        return writer.bytes + [10]
    }

    /// The record at `location`, newline included, as the log holds it.
    private func record(at location: BatchLocation, in descriptor: Int32) throws -> [UInt8] {
        switch FileDescriptor.read(descriptor, count: Int(location.length), at: location.offset) {
        case .success(let bytes) where bytes.count == Int(location.length) && bytes.last == 10:
            return bytes
        case .success:
            throw StoreError("\(logPath): the record at byte \(location.offset) is no longer whole; the log was changed behind the server")
        case .failure(let failure):
            throw StoreError("cannot read \(logPath): \(String(cString: strerror(failure.code)))")
        }
    }

    /// The batch of a `put` record read back from the log.
    private func storedBatch(parsing record: [UInt8]) throws -> UploadBatch {
        let json = try JSONReader.parse(Array(record.dropLast()), maximumDepth: maximumJSONDepth)
        guard let batch = json["batch"] else { throw StoreError("\(logPath): a stored record has no batch") }
        return try UploadBatch(json: batch)
    }

    /// Appends `line` and fsyncs it; a failed write is cut off again, so the log stays whole records.
    private func append(_ line: [UInt8], to state: inout State) throws {
        let failure: String? = if let failure = FileDescriptor.writeAll(state.descriptor, line) {
            "cannot write \(logPath): \(String(cString: strerror(failure.code)))"
        } else if fsync(state.descriptor) != 0 {
            "cannot fsync \(logPath): \(String(cString: strerror(errno)))"
        } else {
            nil
        }
        if let failure {
            _ = ftruncate(state.descriptor, off_t(state.logEnd))
            throw StoreError(failure)
        }
    }

    /// Rewrites the log without `visitor`'s records (the rest copied as they are) and the index to match,
    /// atomically; how many batches were erased.
    private func compact(_ state: inout State, erasing visitor: String) throws -> Int {
        let temporary = logPath + ".compact"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let descriptor = state.descriptor
        var pending: [UInt8] = []
        var written: Int64 = 0
        func writePending() throws {
            if let failure = FileDescriptor.writeAll(fd, pending) {
                throw StoreError("cannot write \(temporary): \(String(cString: strerror(failure.code)))")
            }
            written += Int64(pending.count)
            pending.removeAll(keepingCapacity: true)
        }
        let index: BatchIndex
        do {
            index = try state.index.erasing(visitor, locationPath: locationPath) { kept in
                let offset = written + Int64(pending.count)
                pending += try record(at: kept, in: descriptor)
                // Written a chunk at a time, so compacting a large log does not hold it in memory.
                if pending.count >= 1 << 20 { try writePending() }
                return offset
            }
            try writePending()
            guard fsync(fd) == 0 else { throw StoreError("cannot fsync \(temporary): \(String(cString: strerror(errno)))") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, logPath) == 0 else { throw StoreError("cannot replace \(logPath): \(String(cString: strerror(errno)))") }
        Self.syncDirectory((logPath as NSString).deletingLastPathComponent)
        let reopened = open(logPath, O_RDWR | O_APPEND | O_CLOEXEC, 0o600)
        guard reopened >= 0 else { throw StoreError("cannot reopen \(logPath)") }
        close(state.descriptor)
        state.descriptor = reopened
        state.logEnd = written
        let erased = state.index.count - index.count
        state.index = index
        return erased
    }

    /// Indexes every whole record of the log; a torn last record is cut off, a damaged one refuses the start.
    private static func replay(_ state: inout State, logPath: String, locationPath: String, maximumJSONDepth: Int) throws {
        var reader = LogRecordReader(descriptor: state.descriptor, path: logPath)
        var lineNumber = 0
        while true {
            switch try reader.next() {
            case .end:
                return
            case .torn(let offset):
                // A torn last line from a crash mid-write: it was never acknowledged, so cut it off.
                guard ftruncate(state.descriptor, off_t(offset)) == 0, fsync(state.descriptor) == 0 else {
                    throw StoreError("cannot cut the torn end off \(logPath)")
                }
                state.logEnd = offset
                return
            case .record(let offset, let line):
                lineNumber += 1
                do {
                    let record = try JSONReader.parse(line, maximumDepth: maximumJSONDepth)
                    switch record["op"]?.stringValue {
                    case "put":
                        guard let json = record["batch"] else { throw StoreError("no batch") }
                        try state.index.add(try UploadBatch(json: json), offset: offset, length: line.count + 1)
                    case "erase":
                        // Written by earlier versions that logged erasures instead of compacting: the erased
                        // records stay in this log, so the kept ones keep their offsets.
                        state.index = try state.index.erasing(record["visitor"]?.stringValue ?? "", locationPath: locationPath) { $0.offset }
                    default:
                        throw StoreError("unknown op")
                    }
                } catch {
                    throw StoreError("\(logPath):\(lineNumber): damaged log record (\(error)); refusing to start rather than lose data")
                }
                state.logEnd = offset + Int64(line.count) + 1
            }
        }
    }

    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { _ = fsync(fd); close(fd) }
    }
}

/// A storage failure, in words.
struct StoreError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
