import Harness
import Reports

/// Runs the scenario in `file` with `runner` and reports every failure to the running test, Swift Testing or XCTest.
///
/// ```swift
/// @Test func checkout() async throws {
///     let server = try ReferenceServer.start(.init(dataDirectory: folder.path))
///     defer { server.stop() }
///     let runner = ScenarioRunner(target: .reference(server), goldens: goldens)
///     await assertScenarioPasses("Scenarios/checkout.scenario", runner: runner)
/// }
/// ```
@discardableResult
public func assertScenarioPasses(
    _ file: String, runner: ScenarioRunner,
    fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column
) async -> ScenarioResult {
    let result = await runner.run(file: file)
    if let message = result.failureMessage {
        FailureReporter.record(message, fileID: fileID, filePath: filePath, line: line, column: column)
    }
    return result
}
