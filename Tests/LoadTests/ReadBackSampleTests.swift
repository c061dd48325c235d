import _TestSupport
import Foundation
import Ingest
import IngestServer
import Load
import ScenarioLanguage
import Simulation
import Testing

/// Reading back a sample while the load runs: every sampled session visible with a lag, and an endpoint that drops acknowledged batches caught.
@Suite struct ReadBackSampleTests {
    static func run(faults: [String]) async throws -> LoadReport {
        let folder = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var configuration = ReferenceServer.Configuration(dataDirectory: folder)
        for fault in faults { configuration.faults.append(try FaultMode.parse(fault).get()) }
        let server = try ReferenceServer.start(configuration)
        defer { server.stop() }
        let scenario = try Scenario(parsing: RepositoryFiles.scenarioText("rage-clicks.scenario"), file: "rage-clicks.scenario")
        let target = IngestTarget.reference(server)
        let source = try ScenarioSessionSource(scenarios: [scenario], adapter: target.adapter,
                                           endpoint: server.baseURL, timeScale: 1000, seed: 1)
        var run = LoadRun(endpoint: server.baseURL, source: source, schedule: .constant(perSecond: 10), durationMicroseconds: 1_000_000)
        run.readBack = target.readBack
        run.readBackEvery = 2
        // The lag bound is not a speed target (a full suite on two cores can hold the read-back tasks back for a minute):
        // it passes when every sampled session's lag was measured, and fails when none was (sessions lost).
        run.thresholds = [try Threshold(parsing: "sessions_lost==0"), try Threshold(parsing: "ingest_lag_p99<600s")]
        return try await run.execute()
    }

    @Test func everySampledSessionIsVisible() async throws {
        let report = try await Self.run(faults: [])
        let readBack = try #require(report.readBack)
        #expect(report.sessions.started == 10)
        #expect(readBack.sessionsChecked == 5)
        #expect(readBack.sessionsLost == 0)
        #expect(readBack.sessionsDoubled == 0)
        #expect(readBack.lag.count == 5)
        #expect(report.thresholds.map(\.passed) == [true, true])
    }

    @Test func anEndpointThatDropsAcknowledgedBatchesLosesSessions() async throws {
        let report = try await Self.run(faults: ["drop=1"])
        let readBack = try #require(report.readBack)
        #expect(report.requests.acknowledged == report.requests.sent)
        #expect(readBack.sessionsChecked == 5)
        #expect(readBack.sessionsLost == 5)
        #expect(report.thresholds.map(\.passed) == [false, false])
    }
}
