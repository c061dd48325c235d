import Foundation
import SessionModel
#if canImport(Glibc)
import Glibc
#endif

/// The reference server's storage: an append-only, fsynced log of batches and erasures, replayed on start.
///
/// A batch is acknowledged only after its log line is written and `fsync`ed, so
/// a `kill -9` at any moment loses nothing acknowledged. A torn last line (a
/// crash mid-write) is cut off on the next start.
final class BatchStore: @unchecked Sendable {
    /// What storing one batch did.
    enum PutOutcome: Equatable {
        case stored
        case duplicate
        case conflict
    }

    private let lock = NSLock()
    private var descriptor: Int32
    /// Holds an exclusive `flock` on `directory/lock` while the store is open, so two servers never share a log.
    private var lockDescriptor: Int32
    private var entries: [UploadBatch] = []
    private var keys: [String: Int] = [:]
    let logPath: String

    /// Opens (or creates) `directory/batches.log` and replays it; fails when another server holds the directory.
    init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        lockDescriptor = open(directory + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockDescriptor >= 0 else { throw StoreError("cannot open \(directory)/lock: \(String(cString: strerror(errno)))") }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(lockDescriptor)
            throw StoreError("the data directory \(directory) is in use by another server")
        }
        logPath = directory + "/batches.log"
        let existed = FileManager.default.fileExists(atPath: logPath)
        descriptor = open(logPath, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            close(lockDescriptor)
            throw StoreError("cannot open \(logPath): \(String(cString: strerror(errno)))")
        }
        if !existed { Self.syncDirectory(directory) }
        try replay()
    }

    deinit {
        close(descriptor)
        releaseDirectory()
    }

    /// Lets another server open the directory; called when the server stops.
    func releaseDirectory() {
        lock.lock(); defer { lock.unlock() }
        if lockDescriptor >= 0 {
            close(lockDescriptor)
            lockDescriptor = -1
        }
    }

    static func key(_ batch: UploadBatch) -> String {
        "\(batch.sessionId)\u{0}\(batch.windowId)\u{0}\(batch.sequence)"
    }

    /// Stores `batch` durably unless its (session, window, sequence) is already stored; `force` stores a second copy.
    func put(_ batch: UploadBatch, force: Bool = false) throws -> PutOutcome {
        lock.lock(); defer { lock.unlock() }
        let key = Self.key(batch)
        if !force, let index = keys[key] {
            return entries[index].events == batch.events && entries[index].pageId == batch.pageId ? .duplicate : .conflict
        }
        var writer = JSONWriter()
        writer.writeRaw(Array(#"{"batch":"#.utf8))
        batch.write(to: &writer)
        writer.writeRaw(Array(#","op":"put"}"#.utf8))
        try append(writer.bytes + [10])
        if keys[key] == nil { keys[key] = entries.count }
        entries.append(batch)
        return .stored
    }

    /// Removes every batch whose `distinctId` or `userId` is `visitor`, durably; returns how many.
    ///
    /// Erasure must erase the bytes, not just hide them: the log is rewritten
    /// without the visitor's batches (new file, fsync, rename over the old, fsync
    /// the directory), so nothing of the visitor stays on disk.
    func erase(visitor: String) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        let count = applyErase(visitor)
        try compact()
        return count
    }

    /// Rewrites the log as exactly the batches held now, atomically.
    private func compact() throws {
        let temporary = logPath + ".compact"
        var bytes: [UInt8] = []
        for batch in entries {
            var writer = JSONWriter()
            writer.writeRaw(Array(#"{"batch":"#.utf8))
            batch.write(to: &writer)
            writer.writeRaw(Array(#","op":"put"}"#.utf8))
            bytes += writer.bytes + [10]
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                close(fd)
                throw StoreError("cannot write \(temporary): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        guard fsync(fd) == 0 else { close(fd); throw StoreError("cannot fsync \(temporary)") }
        close(fd)
        guard rename(temporary, logPath) == 0 else { throw StoreError("cannot replace \(logPath): \(String(cString: strerror(errno)))") }
        Self.syncDirectory((logPath as NSString).deletingLastPathComponent)
        let reopened = open(logPath, O_RDWR | O_APPEND | O_CLOEXEC, 0o600)
        guard reopened >= 0 else { throw StoreError("cannot reopen \(logPath)") }
        close(descriptor)
        descriptor = reopened
    }

    /// Every stored batch, in the order stored.
    func all() -> [UploadBatch] {
        lock.lock(); defer { lock.unlock() }
        return entries
    }

    private func applyErase(_ visitor: String) -> Int {
        let before = entries.count
        entries.removeAll { $0.distinctId == visitor || $0.userId == visitor }
        keys = [:]
        for (index, batch) in entries.enumerated() where keys[Self.key(batch)] == nil { keys[Self.key(batch)] = index }
        return before - entries.count
    }

    private func append(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw StoreError("cannot write \(logPath): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw StoreError("cannot fsync \(logPath): \(String(cString: strerror(errno)))") }
    }

    private func replay() throws {
        guard let data = FileManager.default.contents(atPath: logPath) else { return }
        let bytes = [UInt8](data)
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            lineNumber += 1
            guard let end = bytes[start...].firstIndex(of: 10) else {
                // A torn last line from a crash mid-write: it was never acknowledged, so cut it off.
                guard ftruncate(descriptor, off_t(start)) == 0, fsync(descriptor) == 0 else {
                    throw StoreError("cannot cut the torn end off \(logPath)")
                }
                break
            }
            let line = Array(bytes[start..<end])
            start = end + 1
            do {
                let record = try JSONReader.parse(line)
                switch record["op"]?.stringValue {
                case "put":
                    guard let json = record["batch"] else { throw StoreError("no batch") }
                    let batch = try UploadBatch(json: json)
                    if keys[Self.key(batch)] == nil { keys[Self.key(batch)] = entries.count }
                    entries.append(batch)
                case "erase":
                    // Written by earlier versions that logged erasures instead of compacting.
                    _ = applyErase(record["visitor"]?.stringValue ?? "")
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
