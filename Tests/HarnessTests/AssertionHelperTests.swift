import Foundation
import Goldens
import Harness
import HarnessTesting
import IngestServer
import Reports
import Testing
import XCTest

/// The assert-style helpers a Swift project calls from its own tests, under both frameworks.
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

    @Test("a failing scenario is recorded as a Swift Testing issue carrying its message")
    func swiftTestingFailure() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("helper-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReferenceServer.start(.init(dataDirectory: folder.path, faults: [try FaultMode.parse("drop").get()]))
        defer { server.stop() }
        let runner = ScenarioRunner(target: .reference(server), goldens: ScenarioRunTests.goldens())
        await withKnownIssue {
            await assertScenarioPasses(ScenarioRunTests.scenarioFile("redux-cart"), runner: runner)
        } matching: { issue in
            issue.comments.contains { $0.rawValue.hasPrefix("scenario redux-cart failed with") && $0.rawValue.contains("delivery: lost:") }
        }
    }

    @Test("a golden mismatch is recorded as a Swift Testing issue with the diff")
    func goldenMismatch() {
        withKnownIssue {
            assertGolden(Array("not the golden\n".utf8), scenario: "redux-cart", artifact: "timeline.json", store: ScenarioRunTests.goldens())
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("redux-cart/timeline.json") }
        }
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

/// The same helpers under XCTest: failures arrive as XCTest failures, caught here instead of failing the test.
final class XCTestAssertionHelperTests: XCTestCase {
    private var recordedFailures: [String] = []

    override func recordFailure(withDescription description: String, inFile filePath: String, atLine lineNumber: Int, expected: Bool) {
        recordedFailures.append(description)
    }

    func testAssertScenarioPassesRunsTheScenarioUnderXCTest() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("helper-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReferenceServer.start(.init(dataDirectory: folder.path))
        defer { server.stop() }
        let result = await assertScenarioPasses(ScenarioRunTests.scenarioFile("js-errors"),
                                                runner: ScenarioRunner(target: .reference(server), goldens: ScenarioRunTests.goldens()))
        XCTAssertEqual(result.batchesStored, 1)
        XCTAssertEqual(recordedFailures, [])
    }

    func testAGoldenMismatchIsAnXCTestFailure() {
        assertGolden(Array("not the golden\n".utf8), scenario: "js-errors", artifact: "timeline.json", store: ScenarioRunTests.goldens())
        XCTAssertEqual(recordedFailures.count, 1)
        XCTAssertTrue(recordedFailures.first?.contains("js-errors/timeline.json") == true, "\(recordedFailures)")
    }
}
