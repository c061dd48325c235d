import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("Sentry Replay's own retry rules: network errors retried 5 s, 10 s, 30 s; any status final; the replay stops after a drop")
struct SentryRetryTests {
    static let news = page("https://news.other/", #"<button id="more">More</button><ul id="list"></ul>"#)
    static let sports = page("https://news.other/sports", #"<button id="more">More</button>"#)
    static let sentry = SDKProfile(kind: .sentry)

    func click(_ options: SimulatorOptions) throws -> Simulation {
        try simulate([.visit(url: Self.news.url), .click(target: "#more")], pages: [Self.news], sdk: Self.sentry, options: options)
    }

    /// The waits between one attempt's failure and the next attempt.
    func gaps(_ upload: ScheduledUpload) -> [Int64] {
        zip(upload.attempts, upload.attempts.dropFirst()).map { $1.at - $0.completedAt }
    }

    /// Every recorded event is in exactly one acknowledged or one dropped upload.
    func expectAccountingAgrees(_ simulation: Simulation) {
        let delivered = simulation.uploads.filter { $0.outcome == .acknowledged }.map(\.batch.events.count).reduce(0, +)
        let dropped = simulation.uploads.filter { $0.outcome == .gaveUp || $0.outcome == .rejected }.map(\.batch.events.count).reduce(0, +)
        #expect(delivered + dropped == allEvents(simulation).count)
    }

    @Test("Network errors: three retries after 5 s, 10 s and 30 s, no jitter, then the segment is dropped")
    func networkErrors() throws {
        let simulation = try click(SimulatorOptions(collectorResponses: [0: Array(repeating: 0, count: 10)]))
        let first = simulation.uploads[0]
        #expect(first.attempts.map(\.status) == [0, 0, 0, 0])
        #expect(gaps(first) == [5_000, 10_000, 30_000])
        #expect(first.outcome == .gaveUp)
        let recovered = try click(SimulatorOptions(collectorResponses: [0: [0, 0, 200]]))
        #expect(recovered.uploads[0].attempts.map(\.status) == [0, 0, 200])
        #expect(gaps(recovered.uploads[0]) == [5_000, 10_000])
        #expect(recovered.uploads[0].outcome == .acknowledged)
    }

    @Test("Any status outside 2xx is final (TransportStatusCodeError): a 503 is not retried, where PostHog retries it", arguments: [503, 429, 500, 413])
    func statusIsFinal(status: Int) throws {
        let simulation = try click(SimulatorOptions(collectorResponses: [0: [status, 200]]))
        #expect(simulation.uploads[0].attempts.map(\.status) == [status])
        #expect(simulation.uploads[0].outcome == .rejected)
        let posthog = try simulate([.visit(url: Self.news.url), .click(target: "#more")], pages: [Self.news], options: SimulatorOptions(collectorResponses: [0: [status, 200]]))
        #expect(posthog.uploads[0].attempts.count == ((400...499).contains(status) ? 1 : 2), "the PostHog-like schedule is unchanged")
    }

    /// A visit, an outage, then clicks a minute apart, so batches fall inside and after it.
    func outage(_ failure: OutageFailure, for duration: Milliseconds, sdk: SDKProfile = sentry, then navigation: StepAction? = nil) throws -> Simulation {
        var steps: [StepAction] = [.visit(url: Self.news.url), .collectorOutage(duration, failure)]
        for _ in 0..<3 { steps += [.click(target: "#more"), .wait(60_000)] }
        if let navigation { steps += [navigation, .click(target: "#more")] }
        return try simulate(steps, pages: [Self.news, Self.sports], sdk: sdk)
    }

    @Test("A scripted 503 outage: the first segment is dropped, the replay stops, later batches are dropped unsent and nothing later is recorded")
    func outageStopsTheReplay() throws {
        let simulation = try outage(.status(503), for: 30_000)
        let first = simulation.uploads[0]
        #expect(first.outcome == .rejected && first.attempts.count == 1)
        let stop = try #require(first.attempts.last).completedAt
        #expect(allEvents(simulation).allSatisfy { ($0.timestamp ?? .max) < stop }, "the stopped replay records nothing from the failure on")
        let later = simulation.uploads.dropFirst()
        #expect(later.allSatisfy { $0.outcome == .gaveUp && $0.attempts.isEmpty })
        #expect(!simulation.uploads.contains { $0.outcome == .acknowledged }, "a stopped replay sends nothing, even after the outage")
        expectAccountingAgrees(simulation)
        // The control: PostHog keeps retrying through the same outage and delivers every batch.
        let posthog = try outage(.status(503), for: 30_000, sdk: SDKProfile(kind: .posthog))
        #expect(posthog.uploads.allSatisfy { $0.outcome == .acknowledged })
        #expect(allEvents(posthog).count > allEvents(simulation).count)
    }

    @Test("Offline for five minutes: each segment is tried four times on Sentry's schedule, then dropped")
    func offline() throws {
        let simulation = try outage(.offline, for: 300_000)
        let first = simulation.uploads[0]
        #expect(first.attempts.map(\.status) == [0, 0, 0, 0] && gaps(first) == [5_000, 10_000, 30_000])
        #expect(first.outcome == .gaveUp)
        expectAccountingAgrees(simulation)
    }

    @Test("A short outage the retries outlast: the segment is delivered and the replay goes on")
    func recoversWithinRetries() throws {
        let simulation = try outage(.offline, for: 8_000)
        #expect(simulation.uploads.allSatisfy { $0.outcome == .acknowledged })
        #expect(simulation.uploads[0].attempts.count == 2)
        expectAccountingAgrees(simulation)
    }

    @Test("After the replay stopped, the next page load in the tab starts a new replay session (clearSession)")
    func nextLoadStartsANewSession() throws {
        let stopped = try outage(.status(503), for: 30_000, then: .navigate(url: Self.sports.url))
        #expect(stopped.sessions.count == 2)
        let last = try #require(stopped.uploads.last)
        #expect(last.outcome == .acknowledged && last.batch.pageId != stopped.uploads[0].batch.pageId, "the new replay records and delivers")
        let healthy = try simulate([.visit(url: Self.news.url), .click(target: "#more"), .navigate(url: Self.sports.url), .click(target: "#more")], pages: [Self.news, Self.sports], sdk: Self.sentry)
        #expect(healthy.sessions.count == 1, "without a drop, the tab keeps its replay session")
    }

    @Test("Deterministic per seed")
    func deterministic() throws {
        let a = try outage(.offline, for: 300_000)
        let b = try outage(.offline, for: 300_000)
        #expect(try SimulationFiles.render(a).map(\.bytes) == SimulationFiles.render(b).map(\.bytes))
    }
}
