#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file or folder cannot be read or written, in words that name the part of the path at fault.
///
/// ```swift
/// FileFailure(errno: ENOTDIR, "/etc/passwd/x").reason // "/etc/passwd is a file, not a folder"
/// ```
package struct FileFailure: Error, Sendable, Equatable, CustomStringConvertible {
    package var reason: String
    package var description: String { reason }

    package init(reason: String) {
        self.reason = reason
    }

    /// The words for errno `code` from an operation on `path`, naming the ancestor at fault when there is one.
    package init(errno code: Int32, _ path: String) {
        self.init(reason: FileFailure.words(for: code, path))
    }

    private static func words(for code: Int32, _ path: String) -> String {
        switch code {
        case ENOTDIR, ENOENT:
            var ancestor = OutputFile.parent(of: path)
            while let folder = ancestor {
                let found = OutputFile.kind(of: folder)
                if found == .folder { break }
                if found != .missing { return "\(OutputFile.shown(folder)) is \(found.words), not a folder" }
                if OutputFile.parent(of: folder) == nil || OutputFile.kind(of: OutputFile.parent(of: folder)!) == .folder {
                    return "folder \(OutputFile.shown(folder)) does not exist"
                }
                ancestor = OutputFile.parent(of: folder)
            }
            return code == ENOENT ? "no such file or directory" : "not a folder"
        case EISDIR:
            return "\(OutputFile.shown(path)) is a folder, not a file"
        case ENAMETOOLONG:
            let longest = path.split(separator: "/").map(\.utf8.count).max() ?? 0
            return longest > 255 ? "a name in it is \(longest) bytes long; names may be 255" : "the path is \(path.utf8.count) bytes long; paths may be 4096"
        case EACCES, EPERM:
            return "permission denied"
        default:
            let words = String(cString: strerror(code))
            return words.prefix(1).lowercased() + words.dropFirst()
        }
    }
}
