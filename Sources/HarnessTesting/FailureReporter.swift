import Testing
import XCTest

/// Hands a failure message to whichever test framework is running the calling test.
///
/// Under Swift Testing (`Test.current` is set) it records an `Issue` at the
/// caller's source location; under XCTest it calls `XCTFail`. Every assertion
/// of this module reports through here, so each works in both frameworks.
enum FailureReporter {
    static func record(_ message: String, fileID: StaticString, filePath: StaticString, line: UInt, column: UInt) {
        if Test.current != nil {
            let location = SourceLocation(fileID: String(describing: fileID), filePath: String(describing: filePath), line: Int(line), column: Int(column))
            Issue.record(Comment(rawValue: message), sourceLocation: location)
        } else {
            XCTFail(message, file: filePath, line: line)
        }
    }
}
