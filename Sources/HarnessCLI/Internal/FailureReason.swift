import Foundation

/// Says in plain words why a file or system operation failed, instead of a Foundation error dump.
///
/// ```swift
/// FailureReason.words(for: error)   // "permission denied"
/// ```
enum FailureReason {
    /// Like `words(for:)`, with the file the error names first: "/data/lock: permission denied".
    static func wordsNamingFile(for error: any Error) -> String {
        guard type(of: error) is NSError.Type || error is CocoaError,
              let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String else { return words(for: error) }
        return path + ": " + words(for: error)
    }

    /// The POSIX description of the errno inside a Foundation error, a Swift error's own description, or its domain and code.
    static func words(for error: any Error) -> String {
        if let code = posixCode(of: error) {
            return lowercasingFirstLetter(String(cString: strerror(code)))
        }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "no space left on device"
            case .fileWriteFileExists: return "file exists"
            case .fileReadCorruptFile, .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding: return "not readable as text"
            default:
                let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String ?? cocoa.filePath
                return path.flatMap(ancestorProblem) ?? "file system error \(cocoa.code.rawValue)"
            }
        }
        guard type(of: error) is NSError.Type else { return String(describing: error) }
        let bridged = error as NSError
        return "\(bridged.domain) error \(bridged.code)"
    }

    /// Why nothing can be written at `path`, found from its nearest existing ancestor: a file where a folder must be, or no write permission.
    private static func ancestorProblem(_ path: String) -> String? {
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        while folder.path != "/" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
                if !isFolder.boolValue { return "\(folder.path) is a file, not a folder" }
                return FileManager.default.isWritableFile(atPath: folder.path) ? nil : "permission denied on \(folder.path)"
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// The errno a Foundation error carries, itself or as its underlying error.
    private static func posixCode(of error: any Error) -> Int32? {
        let bridged = error as NSError
        if bridged.domain == NSPOSIXErrorDomain { return Int32(bridged.code) }
        if let underlying = bridged.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        return nil
    }

    private static func lowercasingFirstLetter(_ text: String) -> String {
        text.prefix(1).lowercased() + text.dropFirst()
    }
}
