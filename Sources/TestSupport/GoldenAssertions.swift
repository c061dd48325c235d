import Checks
import Foundation
import Testing
import XCTest

/// Thin reporters over `GoldenStore.check`: the store computes the failure, these hand it to the test framework.
public enum Golden {
    /// The repository's `golden/` store, configured from `GOLDEN_RECORD` and `CI`.
    ///
    /// A bad `GOLDEN_RECORD` value stops the run with its message.
    public static let repository: GoldenStore = {
        do {
            return try GoldenStore(root: RepositoryFiles.goldens, environment: ProcessInfo.processInfo.environment)
        } catch {
            fatalError("GOLDEN_RECORD: \(error)")
        }
    }()

    /// Checks `actual` against `golden/<scenario>/<artifact>` and records a Swift Testing issue on failure.
    public static func expect(
        _ actual: [UInt8], scenario: String, artifact: String, store: GoldenStore = Golden.repository,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if let failure = store.check(scenario: scenario, artifact: artifact, actual: actual) {
            Issue.record(Comment(rawValue: failure.message), sourceLocation: sourceLocation)
        }
    }

    /// Checks `actual` against `golden/<scenario>/<artifact>` and fails the XCTest on failure.
    public static func assert(
        _ actual: [UInt8], scenario: String, artifact: String, store: GoldenStore = Golden.repository,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        if let failure = store.check(scenario: scenario, artifact: artifact, actual: actual) {
            XCTFail(failure.message, file: file, line: line)
        }
    }
}
