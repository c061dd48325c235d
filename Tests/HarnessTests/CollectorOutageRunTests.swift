import Foundation
import Harness
import Ingest
import IngestServer
import Reports
import SessionModel
import ScenarioLanguage
import Simulation
import Testing
import _TestSupport

/// A scripted collector outage through the whole run: what the SDK kept is delivered once, what it dropped is neither sent nor missed.
@Suite("collector outages through run", .serialized)
struct CollectorOutageRunTests {
    /// A news page, an outage, then clicks a minute apart: with a day-long 503 every batch is given up.
    static func scenario(_ outage: Milliseconds, sdk: SDKProfile = SDKProfile(kind: .posthog)) -> Scenario {
        Scenario("outage run", seed: 11) {
            sdk
            Page("https://news.other/", html: #"<button id="more">More</button>"#)
            Step.visit("https://news.other/")
            Step.outage(outage, .status(503))
            Step.repeat(3) {
                Step.click("#more")
                Step.wait(60_000)
            }
            Step.returnAfter(2 * 86_400_000)
            Step.click("#more")
        }
    }

    static func run(_ scenario: Scenario) async throws -> (ScenarioResult, UploadPlan, Simulation) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harness-outage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReferenceServer.start(.init(dataDirectory: folder.path))
        defer { server.stop() }
        var policy = RetryPolicy.standard
        policy.timeScale = 0.001
        let runner = ScenarioRunner(target: IngestTarget.reference(server, retryPolicy: policy), goldens: ScenarioRunTests.goldens())
        let simulation = try Simulator(scenario: scenario).run()
        return (await runner.run(scenario, slug: "outage-run"), UploadPlan(simulation), simulation)
    }

    @Test("batches the SDK gave up on are counted dropped, not sent, and delivery accounting finds nothing lost")
    func droppedBatchesAgree() async throws {
        let (result, plan, simulation) = try await Self.run(Self.scenario(86_400_000))
        let gaveUp = simulation.uploads.filter { $0.outcome == .gaveUp }
        #expect(!gaveUp.isEmpty)
        #expect(plan.droppedBySDK == gaveUp.map { BatchKey($0.batch) })
        #expect(plan.batches.count == simulation.uploads.count - gaveUp.count)
        #expect(result.batchesSent == plan.batches.count && result.batchesStored == plan.batches.count, "the visit after the outage is delivered")
        let problems = result.failures.filter { $0.kind == .delivery || $0.kind == .endpoint }
        #expect(problems.isEmpty, "\(problems)")
        let dropped = gaveUp.reduce(0) { $0 + $1.batch.events.count }
        #expect(result.eventsNote == "\(simulation.sessions.reduce(0) { $0 + $1.events.count }) recorded; \(dropped) dropped by the SDK")
    }

    @Test("run says why it sent more events than generate recorded: a batch cut at an unload is sent again")
    func eventCountsExplained() async throws {
        let results = try await ScenarioRunTests.run(["unload-during-upload"])
        #expect(results[0].eventsSent == 165)
        #expect(results[0].eventsNote == "89 recorded; 76 sent again after an unload cut their upload")
        #expect(RunReport.progressLine(results[0], position: 1, of: 1).contains("165 events sent (89 recorded; 76 sent again after an unload cut their upload)"))
    }

    @Test("after a short outage every batch is retried, delivered and stored exactly once")
    func recoveredBatchesAreStoredOnce() async throws {
        let (result, plan, simulation) = try await Self.run(Self.scenario(90_000))
        #expect(simulation.uploads.contains { $0.attempts.count > 1 })
        #expect(plan.droppedBySDK.isEmpty)
        #expect(result.batchesStored == simulation.uploads.count)
        #expect(result.eventsNote == nil, "every recorded event is sent once")
        #expect(result.failures.filter { $0.kind == .delivery || $0.kind == .endpoint }.isEmpty, "\(result.failures)")
    }

    @Test("Sentry: the 503 drops the first segment without a retry, the stopped replay drops the rest unsent, and the next visit's new replay is delivered")
    func sentryStopsItsReplay() async throws {
        let (result, plan, simulation) = try await Self.run(Self.scenario(90_000, sdk: SDKProfile(kind: .sentry)))
        #expect(simulation.uploads.first?.outcome == .rejected && simulation.uploads.first?.attempts.count == 1)
        let dropped = simulation.uploads.filter { $0.outcome == .rejected || $0.outcome == .gaveUp }
        #expect(dropped.dropFirst().allSatisfy { $0.attempts.isEmpty }, "flushed after the stop: never sent")
        #expect(plan.droppedBySDK == dropped.map { BatchKey($0.batch) })
        #expect(simulation.sessions.count == 2, "the return starts a new replay")
        #expect(result.batchesStored == plan.batches.count && !plan.batches.isEmpty)
        #expect(result.failures.filter { $0.kind == .delivery || $0.kind == .endpoint }.isEmpty, "\(result.failures)")
        let droppedEvents = dropped.reduce(0) { $0 + $1.batch.events.count }
        #expect(result.eventsNote == "\(simulation.sessions.reduce(0) { $0 + $1.events.count }) recorded; \(droppedEvents) dropped by the SDK")
    }
}
