import Goldens

/// Checks `actual` against `<store root>/<scenario>/<artifact>` and reports a mismatch to the running test, Swift Testing or XCTest.
///
/// The store computes the failure (with both paths and a line diff) and decides,
/// by its record mode, whether to write the golden; a write is reported as a failure too.
///
/// ```swift
/// assertGolden(Array(html.utf8), scenario: "checkout", artifact: "dom.index.html", store: goldens)
/// ```
public func assertGolden(
    _ actual: [UInt8], scenario: String, artifact: String, store: GoldenStore,
    fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column
) {
    if let failure = store.check(scenario: scenario, artifact: artifact, actual: actual) {
        FailureReporter.record(failure.message, fileID: fileID, filePath: filePath, line: line, column: column)
    }
}
