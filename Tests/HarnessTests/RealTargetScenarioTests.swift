import Goldens
import Foundation
import Harness
import Ingest
import Reports
import SessionModel
import Simulation
import ScenarioLanguage
import Testing
import _TestSupport

/// The scenarios against the real third-party targets that `scripts/real-targets.sh` runs on loopback.
///
/// Each run's ids get a fresh suffix (`RealTargets.runId`) because the
/// targets keep their databases between runs. Where a target legitimately
/// differs from the reference server, the finding is asserted, not hidden.
@Suite("scenarios on real targets", .enabled(if: RealTargets.available, Comment(rawValue: RealTargets.skipMessage)), .serialized)
struct RealTargetScenarioTests {
    static var env: [String: String] { RealTargets.values ?? [:] }

    static func goldens(_ target: String) throws -> GoldenStore {
        try GoldenStore(root: RepositoryFiles.goldens.appendingPathComponent("targets/\(target)"),
                        artifacts: FileManager.default.temporaryDirectory.appendingPathComponent("harness-test-artifacts/\(target)"),
                        environment: ProcessInfo.processInfo.environment)
    }

    /// What django-rrweb does differently from the reference server, by scenario: the failures it must produce.
    static let djangoDifferences: [String: [(kind: ScenarioFailure.Kind, detail: String)]] = [
        // The batch in flight at the unload and its recovered copy are both stored: django-rrweb has no idempotency.
        "unload-during-upload": [(.delivery, "duplicated:")],
        // The same: it ends with three uploads cut at an unload and re-sent on the next visit.
        "collector-outage": [(.delivery, "duplicated:")],
        // A raw-mode scenario relies on server-side redaction, which django-rrweb does not do.
        "shared-computer": [(.canaryLeak, "found")],
    ]

    /// Every scenario's failures through `target`, with this run's id suffix taken out of the messages.
    static func djangoFindings(_ target: IngestTarget, suffix: String) async throws -> [(name: String, result: ScenarioResult, findings: [String])] {
        let runner = ScenarioRunner(target: target, goldens: try Self.goldens("django-rrweb"), idSuffix: suffix)
        var results: [(name: String, result: ScenarioResult, findings: [String])] = []
        for name in ScenarioRunTests.allScenarioNames {
            let result = await runner.run(file: ScenarioRunTests.scenarioFile(name))
            // The window stand-in in a page key is the adapter's own digest (FNV-1a built in, SHA-256 in the configuration).
            let standIn = /window w[0-9a-f]{16}/
            results.append((name, result, result.failures.map { failure in
                "\(failure.kind.rawValue): " + failure.message.replacingOccurrences(of: suffix, with: "").replacing(standIn, with: "window <stand-in>")
            }))
        }
        return results
    }

    static var djangoEndpoint: URL { get throws { try #require(URL(string: env["RRWEB_URL"] ?? "")) } }

    @Test("django-rrweb stores every scenario; read back from its database it replays to the goldens")
    func djangoRRWeb() async throws {
        let target = try IngestTarget.named("django-rrweb", endpoint: try Self.djangoEndpoint, settings: ["database": Self.env["RRWEB_DB"] ?? ""])
        for (name, result, _) in try await Self.djangoFindings(target, suffix: RealTargets.runId) {
            let expected = Self.djangoDifferences[name] ?? []
            #expect(result.batchesStored > 0, "\(name): nothing read back")
            for difference in expected {
                #expect(result.failures.contains { $0.kind == difference.kind && $0.message.contains(difference.detail) },
                        "\(name): django-rrweb should show \(difference.kind.rawValue) '\(difference.detail)', got \(result.failures)")
            }
            let unexpected = result.failures.filter { failure in !expected.contains { failure.kind == $0.kind && failure.message.contains($0.detail) } }
            #expect(unexpected.isEmpty, "\(name): \(unexpected.map(\.description).joined(separator: "\n"))")
        }
    }

    @Test("django-rrweb by configuration alone (Tests/Targets/django-rrweb) gives the built-in adapter's findings, scenario by scenario")
    func djangoRRWebByConfiguration() async throws {
        let settings = ["database": Self.env["RRWEB_DB"] ?? ""]
        let builtIn = try await Self.djangoFindings(try IngestTarget.named("django-rrweb", endpoint: try Self.djangoEndpoint, settings: settings),
                                                    suffix: RealTargets.runId + "b")
        let config = RepositoryFiles.root.appendingPathComponent("Tests/Targets/django-rrweb/django-rrweb.json").path
        let configured = try await Self.djangoFindings(
            try IngestTarget.named("generic", endpoint: try Self.djangoEndpoint, settings: settings.merging(["config": config]) { $1 }),
            suffix: RealTargets.runId + "c")
        #expect(configured.map(\.name) == builtIn.map(\.name))
        for (configuredRun, builtInRun) in zip(configured, builtIn) {
            #expect(configuredRun.result.batchesStored == builtInRun.result.batchesStored, "\(configuredRun.name): stored")
            #expect(configuredRun.findings == builtInRun.findings, "\(configuredRun.name)")
        }
        #expect(configured.contains { !$0.findings.isEmpty }, "the known django-rrweb differences are found through the configuration too")
    }

    @Test("bugsink receives Sentry envelopes; its stored JS errors are the scenario's errors, frame by frame")
    func bugsink() async throws {
        let endpoint = try #require(URL(string: Self.env["BUGSINK_URL"] ?? ""))
        let settings = ["dsn": Self.env["BUGSINK_DSN"] ?? "", "bugsink-token": Self.env["BUGSINK_TOKEN"] ?? "", "database": Self.env["BUGSINK_DB"] ?? ""]
        let target = try IngestTarget.named("sentry", endpoint: endpoint, settings: settings)
        let runner = ScenarioRunner(target: target, goldens: try Self.goldens("bugsink"), idSuffix: RealTargets.runId)
        let name = "js-errors"
        let result = await runner.run(file: ScenarioRunTests.scenarioFile(name))
        #expect(result.passed, "\(result.failures.map(\.description).joined(separator: "\n"))")

        // The truth: the errors the simulated page threw, as the adapter sent them.
        let text = try String(contentsOfFile: ScenarioRunTests.scenarioFile(name), encoding: .utf8)
        let scenario = try Scenario(parsing: text, file: name)
        let plan = UploadPlan(try Simulator(scenario: scenario).run().namespaced(RealTargets.runId))
        let thrown = plan.batches.flatMap { ScriptError.thrown(in: $0.events).map(\.error) }
        #expect(thrown.count >= 2, "the scenario throws errors")
        let replayIds = Set(plan.batches.map(SentryAdapter.replayId))
        let stored = try await BugsinkReadBack(baseURL: endpoint, token: settings["bugsink-token"]!, projectId: Self.env["BUGSINK_PROJECT_ID"] ?? "1")
            .errors().filter { $0.replayId.map(replayIds.contains) ?? false }
        #expect(stored.map(\.error.type).sorted() == thrown.map(\.type).sorted())
        for error in thrown {
            let match = stored.first { $0.error.type == error.type && $0.error.message == error.message }
            #expect(match?.error.frames == error.frames, "\(error.type): \(error.message)")
        }
    }
}
