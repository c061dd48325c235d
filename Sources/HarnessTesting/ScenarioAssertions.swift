import Harness
import Testing
import XCTest

/// Runs the scenario in `file` with `runner` and reports every failure through Swift Testing.
///
/// ```swift
/// @Test func checkout() async throws {
///     let server = try ReferenceServer.start(.init(dataDirectory: folder.path))
///     defer { server.stop() }
///     let runner = ScenarioRunner(target: .reference(server), goldens: goldens)
///     await expectScenarioPasses("Scenarios/checkout.scenario", runner: runner)
/// }
/// ```
@discardableResult
public func expectScenarioPasses(_ file: String, runner: ScenarioRunner, sourceLocation: SourceLocation = #_sourceLocation) async -> ScenarioResult {
    let result = await runner.run(file: file)
    if let message = result.failureMessage {
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
    return result
}

/// Runs the scenario in `scenarioFile` with `runner` and reports every failure through XCTest.
///
/// ```swift
/// func testCheckout() async throws {
///     await XCTAssertScenarioPasses("Scenarios/checkout.scenario", runner: runner)
/// }
/// ```
@discardableResult
public func XCTAssertScenarioPasses(_ scenarioFile: String, runner: ScenarioRunner, file: StaticString = #filePath, line: UInt = #line) async -> ScenarioResult {
    let result = await runner.run(file: scenarioFile)
    if let message = result.failureMessage {
        XCTFail(message, file: file, line: line)
    }
    return result
}
