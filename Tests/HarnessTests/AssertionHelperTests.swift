import Goldens
import Foundation
import Harness
import HarnessTesting
import Ingest
import IngestServer
import Reports
import Testing
import XCTest

/// The assert-style helpers a Swift project calls from its own tests.
@Suite("assertion helpers")
struct AssertionHelperTests {
    @Test("assertScenarioPasses runs the scenario and records nothing when it passes")
    func swiftTesting() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("helper-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReferenceServer.start(.init(dataDirectory: folder.path))
        defer { server.stop() }
        let result = await assertScenarioPasses(ScenarioRunTests.scenarioFile("redux-cart"),
                                                runner: ScenarioRunner(target: .reference(server), goldens: ScenarioRunTests.goldens()))
        #expect(result.passed)
        #expect(result.failureMessage == nil)
    }

    @Test("a failed scenario's message lists every failure under its name")
    func failureMessage() {
        var result = ScenarioResult(name: "x", slug: "checkout", file: "")
        result.failures = [ScenarioFailure(.delivery, "lost: batch 3"), ScenarioFailure(.canaryLeak, "4111 found as is")]
        #expect(result.failureMessage == """
            scenario checkout failed with 2 problems:
              delivery: lost: batch 3
              canary-leak: 4111 found as is
            """)
    }
}

final class XCTestAssertionHelperTests: XCTestCase {
    func testAssertScenarioPassesRunsTheScenarioUnderXCTest() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("helper-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReferenceServer.start(.init(dataDirectory: folder.path))
        defer { server.stop() }
        let result = await assertScenarioPasses(ScenarioRunTests.scenarioFile("js-errors"),
                                                   runner: ScenarioRunner(target: .reference(server), goldens: ScenarioRunTests.goldens()))
        XCTAssertEqual(result.batchesStored, 1)
    }
}
