import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("Scripted collector outages and the SDK's retry, hold and drop rules")
struct CollectorOutageTests {
    static let news = page("https://news.other/", #"<button id="more">More</button><ul id="list"></ul>"#)

    /// A visit, an outage, then clicks spread over `minutes`, so batches fall inside and after it.
    func simulateOutage(_ duration: Milliseconds, _ failure: OutageFailure, sdk: SDKProfile.Kind = .posthog, minutes: Int = 3) throws -> Simulation {
        var steps: [StepAction] = [.visit(url: Self.news.url), .collectorOutage(duration, failure)]
        for _ in 0..<minutes { steps += [.click(target: "#more"), .wait(60_000)] }
        return try simulate(steps, pages: [Self.news], sdk: SDKProfile(kind: sdk))
    }

    /// Every event is either delivered once (in an acknowledged upload) or counted dropped (in a gave-up or rejected one).
    func expectAccountingAgrees(_ simulation: Simulation) {
        let delivered = simulation.uploads.filter { $0.outcome == .acknowledged }.map(\.batch.events.count).reduce(0, +)
        let dropped = simulation.uploads.filter { $0.outcome == .gaveUp || $0.outcome == .rejected }.map(\.batch.events.count).reduce(0, +)
        #expect(delivered + dropped == allEvents(simulation).count)
        #expect(text(acknowledgedEvents(simulation) + simulation.uploads.filter { $0.outcome != .acknowledged }.flatMap(\.batch.events)).count == text(allEvents(simulation)).count)
    }

    @Test("503 for two minutes: every batch is kept, retried with backoff inside the outage, and delivered after it")
    func deliveredAfterRecovery() throws {
        let simulation = try simulateOutage(120_000, .status(503))
        let start = simulation.uploads[0].attempts[0].at
        let outageStart = try #require(simulation.sessions.first?.events.first?.timestamp)
        let end = outageStart + 120_000
        #expect(simulation.uploads.allSatisfy { $0.outcome == .acknowledged })
        let retried = simulation.uploads.filter { $0.attempts.count > 1 }
        #expect(!retried.isEmpty && start < end)
        for upload in retried {
            #expect(upload.attempts.dropLast().allSatisfy { $0.status == 503 && $0.at < end })
            #expect(upload.attempts.last!.status == 200 && upload.attempts.last!.at >= end)
        }
        #expect(acknowledgedEvents(simulation).count == allEvents(simulation).count, "nothing lost, nothing doubled")
        expectAccountingAgrees(simulation)
    }

    @Test("503 for a day: after ten tries the SDK gives a batch up, and its events are counted dropped, never delivered")
    func droppedAfterTenTries() throws {
        let simulation = try simulateOutage(86_400_000, .status(503), minutes: 2)
        #expect(simulation.uploads.allSatisfy { $0.outcome == .gaveUp && $0.attempts.count == 10 })
        #expect(acknowledgedEvents(simulation).isEmpty)
        expectAccountingAgrees(simulation)
    }

    @Test("A 4xx outage is not retried: the batch is rejected at its first attempt")
    func clientErrorsAreNotRetried() throws {
        let simulation = try simulateOutage(30_000, .status(413), minutes: 1)
        let rejected = simulation.uploads.filter { $0.outcome == .rejected }
        #expect(!rejected.isEmpty && rejected.allSatisfy { $0.attempts.map(\.status) == [413] })
        expectAccountingAgrees(simulation)
    }

    @Test("A timeout outage: each attempt waits the 10 s request timeout, then fails as a network error")
    func timeouts() throws {
        let simulation = try simulateOutage(15_000, .timeout, minutes: 1)
        let first = simulation.uploads[0]
        #expect(first.attempts[0].status == 0 && first.attempts[0].completedAt - first.attempts[0].at == 10_000)
        #expect(first.outcome == .acknowledged)
        expectAccountingAgrees(simulation)
    }

    @Test("Offline: PostHog holds its retries until the browser is back online; Sentry retries on its schedule and gives up")
    func offline() throws {
        let posthog = try simulateOutage(300_000, .offline, minutes: 3)
        let end = try #require(posthog.sessions.first?.events.first?.timestamp) + 300_000
        let held = posthog.uploads.filter { $0.attempts.count > 1 }
        #expect(!held.isEmpty && held.allSatisfy { $0.attempts.last!.at == end && $0.outcome == .acknowledged })
        expectAccountingAgrees(posthog)
        let sentry = try simulateOutage(300_000, .offline, sdk: .sentry, minutes: 3)
        #expect(sentry.uploads.contains { $0.outcome == .gaveUp && $0.attempts.count == 4 }, "one try and Sentry's three retries")
        expectAccountingAgrees(sentry)
    }

    @Test("The outage is deterministic per seed")
    func deterministic() throws {
        let a = try simulateOutage(120_000, .status(502))
        let b = try simulateOutage(120_000, .status(502))
        #expect(try SimulationFiles.render(a).map(\.bytes) == SimulationFiles.render(b).map(\.bytes))
    }
}
