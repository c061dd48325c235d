#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole input files (recordings, scenarios, reports) with a size limit and, when it cannot, says why in words.
///
/// `-` is standard input. A folder or a device (`/dev/zero`, which never ends) is refused before it is
/// read; a pipe is read up to the limit.
///
/// ```swift
/// let bytes = try InputFile.read("rec.json", limit: InputFile.recordingLimit)
/// // throws "rec.json is larger than 2147483648 bytes, the most a recording may be"
/// ```
package enum InputFile {
    /// The most a recording may be (`inspect`, `replay`): 2 GiB.
    package static let recordingLimit = 1 << 31
    /// The most a scenario, report or configuration file may be: 64 MiB.
    package static let textLimit = 64 << 20

    /// Reads all of `path`; `what` names the kind of file in the error for one over the limit ("a recording").
    package static func read(_ path: String, limit: Int, what: String = "an input") throws(FileFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk(path, limit: limit, what: what) { bytes += $0 }
        return bytes
    }

    /// Hands `path` to `body` in chunks of at most 1 MiB, so a large recording is never held whole.
    package static func forEachChunk(_ path: String, limit: Int, what: String = "an input", _ body: ([UInt8]) -> Void) throws(FileFailure) {
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            var status = stat()
            if stat(path, &status) == 0 {
                switch status.st_mode & S_IFMT {
                case S_IFDIR: throw FileFailure(reason: "\(ControlCharacters.escaped(path)) is a folder, not a file")
                case S_IFCHR, S_IFBLK: throw FileFailure(reason: "\(ControlCharacters.escaped(path)) is a device, not a file")
                default: break
                }
            }
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw FileFailure(errno: errno, path) }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var total = 0
        var chunk: [UInt8] = []
        while true {
            chunk.removeAll(keepingCapacity: true)
            switch DescriptorReading.readChunk(descriptor, into: &chunk, chunk: 1 << 20) {
            case .failure(let error): throw FileFailure(errno: error.code, path)
            case .success(0): return
            case .success(let count):
                total += count
                guard total <= limit else {
                    throw FileFailure(reason: "\(ControlCharacters.escaped(path == "-" ? "standard input" : path)) is larger than \(limit) bytes, the most \(what) may be")
                }
                body(chunk)
            }
        }
    }
}
