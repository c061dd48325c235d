import Foundation
import SessionModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The reference server's storage: an append-only, fsynced log of batches and erasures, replayed on start.
///
/// A batch is acknowledged only after its log line is written and `fsync`ed, so
/// a `kill -9` at any moment loses nothing acknowledged. A torn last line (a
/// crash mid-write) is cut off on the next start.
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

    /// Everything that changes, held under one lock: the open log, the directory lock, and the batches.
    private struct State {
        var descriptor: Int32
        /// Holds an exclusive `flock` on `directory/lock` while the store is open, so two servers never share a log.
        var lockDescriptor: Int32
        var entries: [UploadBatch] = []
        var keys: [String: Int] = [:]
        /// Log bytes held per session, and in all, for the quota.
        var sessionBytes: [String: Int] = [:]
        var totalBytes = 0

        mutating func append(_ batch: UploadBatch, lineBytes: Int) {
            if keys[BatchStore.key(batch)] == nil { keys[BatchStore.key(batch)] = entries.count }
            entries.append(batch)
            sessionBytes[batch.sessionId, default: 0] += lineBytes
            totalBytes += lineBytes
        }
    }

    private let state: Mutex<State>
    let logPath: String
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
        let existed = FileManager.default.fileExists(atPath: logPath)
        let descriptor = open(logPath, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            close(lockDescriptor)
            throw StoreError("cannot open \(logPath): \(String(cString: strerror(errno)))")
        }
        if !existed { Self.syncDirectory(directory) }
        var state = State(descriptor: descriptor, lockDescriptor: lockDescriptor)
        do {
            try Self.replay(&state, logPath: logPath, maximumJSONDepth: maximumJSONDepth)
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

    static func key(_ batch: UploadBatch) -> String {
        "\(batch.sessionId)\u{0}\(batch.windowId)\u{0}\(batch.sequence)"
    }

    /// Stores `batch` durably unless its (session, window, sequence) is already stored; `force` stores a second copy.
    func put(_ batch: UploadBatch, force: Bool = false) throws -> PutOutcome {
        try state.withLock { state in
            let key = Self.key(batch)
            if !force, let index = state.keys[key] {
                return state.entries[index].events == batch.events && state.entries[index].pageId == batch.pageId ? .duplicate : .conflict
            }
            let line = Self.logLine(batch)
            let sessionBytes = state.sessionBytes[batch.sessionId, default: 0] + line.count
            if sessionBytes > quota.maximumSessionBytes {
                return .overSessionQuota(bytes: sessionBytes, limit: quota.maximumSessionBytes)
            }
            if state.totalBytes + line.count > quota.maximumTotalBytes {
                return .overTotalQuota(bytes: state.totalBytes + line.count, limit: quota.maximumTotalBytes)
            }
            try append(line, to: state.descriptor)
            state.append(batch, lineBytes: line.count)
            return .stored
        }
    }

    /// Removes every batch whose `distinctId` or `userId` is `visitor`, durably; returns how many.
    ///
    /// Erasure must erase the bytes, not just hide them: the log is rewritten
    /// without the visitor's batches (new file, fsync, rename over the old, fsync
    /// the directory), so nothing of the visitor stays on disk.
    func erase(visitor: String) throws -> Int {
        try state.withLock { state in
            let count = Self.applyErase(visitor, to: &state)
            try compact(&state)
            return count
        }
    }

    /// Rewrites the log as exactly the batches held now, atomically.
    private func compact(_ state: inout State) throws {
        let temporary = logPath + ".compact"
        var bytes: [UInt8] = []
        for batch in state.entries { bytes += Self.logLine(batch) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        if let failure = FileDescriptor.writeAll(fd, bytes) {
            close(fd)
            throw StoreError("cannot write \(temporary): \(String(cString: strerror(failure.code)))")
        }
        guard fsync(fd) == 0 else { close(fd); throw StoreError("cannot fsync \(temporary)") }
        close(fd)
        guard rename(temporary, logPath) == 0 else { throw StoreError("cannot replace \(logPath): \(String(cString: strerror(errno)))") }
        Self.syncDirectory((logPath as NSString).deletingLastPathComponent)
        let reopened = open(logPath, O_RDWR | O_APPEND | O_CLOEXEC, 0o600)
        guard reopened >= 0 else { throw StoreError("cannot reopen \(logPath)") }
        close(state.descriptor)
        state.descriptor = reopened
    }

    /// One batch as its log record, newline included.
    private static func logLine(_ batch: UploadBatch) -> [UInt8] {
        var writer = JSONWriter()
        writer.writeRaw(Array(#"{"batch":"#.utf8))
        batch.write(to: &writer)
        writer.writeRaw(Array(#","op":"put"}"#.utf8))
        return writer.bytes + [10]
    }

    /// Every stored batch, in the order stored.
    func all() -> [UploadBatch] {
        state.withLock { $0.entries }
    }

    private static func applyErase(_ visitor: String, to state: inout State) -> Int {
        let before = state.entries.count
        let kept = state.entries.filter { $0.distinctId != visitor && $0.userId != visitor }
        state.entries = []
        state.keys = [:]
        state.sessionBytes = [:]
        state.totalBytes = 0
        for batch in kept { state.append(batch, lineBytes: logLine(batch).count) }
        return before - state.entries.count
    }

    private func append(_ bytes: [UInt8], to descriptor: Int32) throws {
        if let failure = FileDescriptor.writeAll(descriptor, bytes) {
            throw StoreError("cannot write \(logPath): \(String(cString: strerror(failure.code)))")
        }
        guard fsync(descriptor) == 0 else { throw StoreError("cannot fsync \(logPath): \(String(cString: strerror(errno)))") }
    }

    private static func replay(_ state: inout State, logPath: String, maximumJSONDepth: Int) throws {
        guard let data = FileManager.default.contents(atPath: logPath) else { return }
        let bytes = [UInt8](data)
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            lineNumber += 1
            guard let end = bytes[start...].firstIndex(of: 10) else {
                // A torn last line from a crash mid-write: it was never acknowledged, so cut it off.
                guard ftruncate(state.descriptor, off_t(start)) == 0, fsync(state.descriptor) == 0 else {
                    throw StoreError("cannot cut the torn end off \(logPath)")
                }
                break
            }
            let line = Array(bytes[start..<end])
            start = end + 1
            do {
                let record = try JSONReader.parse(line, maximumDepth: maximumJSONDepth)
                switch record["op"]?.stringValue {
                case "put":
                    guard let json = record["batch"] else { throw StoreError("no batch") }
                    state.append(try UploadBatch(json: json), lineBytes: line.count + 1)
                case "erase":
                    // Written by earlier versions that logged erasures instead of compacting.
                    _ = applyErase(record["visitor"]?.stringValue ?? "", to: &state)
                default:
                    throw StoreError("unknown op")
                }
            } catch {
                throw StoreError("\(logPath):\(lineNumber): damaged log record (\(error)); refusing to start rather than lose data")
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
