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
            default: return "file system error \(cocoa.code.rawValue)"
            }
        }
        guard type(of: error) is NSError.Type else { return String(describing: error) }
        let bridged = error as NSError
        return "\(bridged.domain) error \(bridged.code)"
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
