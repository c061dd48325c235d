import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("SDK session caps: PostHog 24 h, Sentry 60 min, however active")
struct SessionCapTests {
    static let app = page("https://app.example/", #"<button id="ping">Ping</button>"#)

    /// Clicks every `every` ms for `total` ms: never idle long enough to rotate by inactivity.
    func activeFor(_ total: Milliseconds, every: Milliseconds, sdk: SDKProfile) throws -> Simulation {
        let body = [Step(.click(target: "#ping")), Step(.wait(every))]
        return try simulate([.visit(url: Self.app.url), .repeatSteps(count: Int(total / every), body: body)], pages: [Self.app], sdk: sdk)
    }

    @Test("a PostHog session active for 25 hours splits once, at 24 h; below the cap it stays one")
    func posthogDay() throws {
        let long = try activeFor(25 * 3_600_000, every: 20 * 60_000, sdk: SDKProfile(kind: .posthog))
        #expect(long.sessions.count == 2)
        let first = try #require(long.sessions.first?.events.first?.timestamp)
        let second = try #require(long.sessions.last?.events.first?.timestamp)
        #expect(second - first > 24 * 3_600_000 && second - first <= 24 * 3_600_000 + 21 * 60_000)
        #expect(try activeFor(23 * 3_600_000, every: 20 * 60_000, sdk: SDKProfile(kind: .posthog)).sessions.count == 1)
    }

    @Test("a Sentry replay active for 70 minutes splits at 60 min; LogRocket has no cap")
    func sentryHourAndLogRocket() throws {
        #expect(try activeFor(70 * 60_000, every: 5 * 60_000, sdk: SDKProfile(kind: .sentry)).sessions.count == 2)
        #expect(try activeFor(55 * 60_000, every: 5 * 60_000, sdk: SDKProfile(kind: .sentry)).sessions.count == 1)
        #expect(try activeFor(5 * 3_600_000, every: 20 * 60_000, sdk: SDKProfile(kind: .logrocket)).sessions.count == 1)
    }

    @Test("max-session overrides the cap")
    func override() throws {
        var sdk = SDKProfile(kind: .logrocket)
        sdk.maxSessionDuration = 30 * 60_000
        #expect(try activeFor(70 * 60_000, every: 5 * 60_000, sdk: sdk).sessions.count == 3)
    }
}
