#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole files and folders with POSIX calls and, when it cannot, says why in words instead of a Foundation error.
///
/// Every option that writes (`--json`, `--junit`, `--html`, `--hgrm`, `--output`, golden folders,
/// artifacts) goes through it, so an unwritable path reads the same everywhere:
///
/// ```swift
/// try OutputFile.write(bytes, to: "/etc/passwd/report.json")
/// // throws "/etc/passwd is a file, not a folder"
/// ```
package enum OutputFile {
    /// Writes `bytes` to the file at `path`, replacing it; `atomically` writes a hidden sibling first and renames it.
    package static func write(_ bytes: [UInt8], to path: String, atomically: Bool = false) throws(FileFailure) {
        let target = atomically ? temporarySibling(of: path) : path
        let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileFailure(errno: errno, path) }
        let writeError = DescriptorWriting.writeAll(bytes, to: descriptor)
        let closeError = close(descriptor) == 0 ? nil : errno
        if let code = writeError ?? closeError {
            if atomically { unlink(target) }
            throw FileFailure(errno: code, path)
        }
        if atomically, rename(target, path) != 0 {
            let code = errno
            unlink(target)
            throw FileFailure(errno: code, path)
        }
    }

    /// Creates the folder at `path` and any missing parents; an existing folder is fine.
    package static func createFolder(_ path: String) throws(FileFailure) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            if mkdir(prefix, 0o755) == 0 { continue }
            let code = errno
            guard code == EEXIST else { throw FileFailure(errno: code, prefix) }
            guard kind(of: prefix) == .folder else { throw FileFailure(reason: "\(shown(prefix)) is \(kind(of: prefix).words), not a folder") }
        }
    }

    /// Checks that a file could be created or replaced at `path` without changing anything that is there.
    ///
    /// A verb checks its outputs before its work, so a wrong path is reported before a long run, not after it.
    /// A disk that is full is found only by writing. A device or pipe (`/dev/stdout`, a FIFO) is not opened,
    /// since opening it can block or be seen by its reader.
    package static func checkWritable(_ path: String) throws(FileFailure) {
        let found = kind(of: path)
        guard found != .other else { return }
        let existed = found != .missing
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileFailure(errno: errno, path) }
        close(descriptor)
        if !existed { unlink(path) }
    }

    enum Kind: Equatable {
        case missing, folder, file, other
        var words: String {
            switch self {
            case .missing: "missing"
            case .folder: "a folder"
            case .file: "a file"
            case .other: "a device or special file"
            }
        }
    }

    static func kind(of path: String) -> Kind {
        var status = stat()
        guard stat(path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        default: return .other
        }
    }

    /// The folder holding `path`, or nil at the top (`/`, or the first part of a relative path).
    static func parent(of path: String) -> String? {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return nil }
        if slash == trimmed.startIndex { return trimmed == "/" ? nil : "/" }
        return String(trimmed[..<slash])
    }

    private static func temporarySibling(of path: String) -> String {
        let folder = parent(of: path).map { $0 == "/" ? "/" : $0 + "/" } ?? ""
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return folder + "." + String(name.prefix(200)) + ".tmp-\(getpid())"
    }

    static func shown(_ path: String) -> String {
        ControlCharacters.escaped(path)
    }
}
