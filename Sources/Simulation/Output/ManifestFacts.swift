import ScenarioLanguage

/// What the manifest says that the rest of a `Simulation` does not hold: the scenario as run, the page
/// views, and the uploads still pending at the end.
///
/// Kept so that `Simulation.manifest` is built when it is read, not by every run: simulating does not
/// pay for a manifest nobody reads (about 9% of a real scenario's run).
struct ManifestFacts: Sendable {
    /// The scenario that ran.
    var scenario: Scenario
    /// The cookie jar's policy for the collector's cookie, as run (the scenario's own wins over the options).
    var thirdPartyCookies: ThirdPartyCookiePolicy
    /// Every page view, in load order.
    var visits: [Engine.VisitRecord]
    /// The uploads left in localStorage when the run ended, browser after browser, oldest first.
    var pendingAtEnd: [Int]
}
