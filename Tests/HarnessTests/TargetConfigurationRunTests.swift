import Foundation
import Harness
import Ingest
import IngestServer
import Reports
import Testing
import _TestSupport

/// docs/examples/targets/reference.json drives the embedded server by configuration alone, as the built-in adapter does.
@Suite("target configuration runs", .serialized)
struct TargetConfigurationRunTests {
    static let config = RepositoryFiles.root.appendingPathComponent("docs/examples/targets/reference.json").path

    static func run(_ names: [String], faults: [String] = [], timeout: Double = 10) async throws -> [ScenarioResult] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harness-target-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReferenceServer.start(.init(dataDirectory: folder.path, faults: try faults.map { try FaultMode.parse($0).get() }))
        defer { server.stop() }
        var target = try IngestTarget.named("generic", endpoint: server.baseURL, settings: ["config": config])
        target.retryPolicy.timeScale = 0.001
        target.requestTimeoutSeconds = timeout
        let runner = ScenarioRunner(target: target, goldens: ScenarioRunTests.goldens())
        var results: [ScenarioResult] = []
        for name in names { results.append(await runner.run(file: ScenarioRunTests.scenarioFile(name))) }
        return results
    }

    @Test("every scenario passes through reference.json against the embedded server")
    func everyScenarioPasses() async throws {
        let names = ScenarioRunTests.allScenarioNames
        #expect(names.count == 16)
        for result in try await Self.run(names) {
            #expect(result.passed, "\(result.slug):\n\(result.failures.map(\.description).joined(separator: "\n"))")
            #expect(result.batchesStored > 0)
        }
    }

    @Test("fault modes are caught through the configuration as with the reference adapter", arguments: ScenarioRunTests.faultCases)
    func faultIsCaught(_ example: ScenarioRunTests.FaultCase) async throws {
        let faulty = try await Self.run([example.scenario], faults: [example.fault], timeout: example.timeout)
        let matching = faulty[0].failures.filter { $0.kind == example.kind && $0.message.contains(example.detail) }
        #expect(!matching.isEmpty, "\(example.fault) should fail \(example.scenario) with \(example.kind.rawValue) '\(example.detail)', got: \(faulty[0].failures)")
    }
}
