import Ingest
import ScenarioLanguage
import SessionModel
import Simulation

/// The privacy and identity promises a scenario makes, checked against what the endpoint stored.
///
/// - Canaries the masking policy must mask may not appear in stored data, in
///   any encoding `CanaryScan` knows. A value that was also planted where the
///   policy lets it through cannot be judged by value and is not scanned. With
///   `expect no-canary-leaks` no canary may appear at all (that is how a `raw`
///   scenario tests server-side redaction).
/// - `expect unlinkable A B`: the stored visits to A and B share no identifier.
/// - `expect same-session A B`: the stored visits to A and B have one session id.
/// - `expect sessions PERSON N`: the person's visits were recorded as N sessions.
enum PrivacyChecks {
    static func failures(scenario: Scenario, simulation: Simulation, stored: [UploadBatch]) -> [ScenarioFailure] {
        var failures: [ScenarioFailure] = []
        let strict = scenario.expectations.contains(.noCanaryLeaks)
        let values = CanaryValue.distinct(simulation.canaries).filter { strict || $0.mustNotAppear }.map(\.value)
        if !values.isEmpty {
            for hit in CanaryScan(canaries: values).scan(stored) {
                let places = simulation.canaries.filter { $0.value == hit.canary }.map { "\($0.plantedIn) on \($0.page)" }
                failures.append(ScenarioFailure(.canaryLeak, "\(hit); planted in \(places.joined(separator: ", "))"))
            }
        }

        let urlOfPage = pageURLs(simulation)
        func batches(visiting url: String) -> [UploadBatch] {
            stored.filter { urlOfPage[$0.pageId] == url }
        }
        for expectation in scenario.expectations {
            switch expectation {
            case .unlinkable(let first, let second):
                for link in LinkageCheck.links(siteA: batches(visiting: first), siteB: batches(visiting: second)) {
                    failures.append(ScenarioFailure(.linkage, "visits to \(first) and \(second) are linkable: \(link)"))
                }
            case .sameSession(let first, let second):
                let sessions = Set((batches(visiting: first) + batches(visiting: second)).map(\.sessionId))
                if sessions.count != 1 {
                    failures.append(ScenarioFailure(.sessions, "visits to \(first) and \(second) should be one session, but were stored as \(sessions.count)"))
                }
            case .sessionCount(let person, let count):
                let sessionIds = Set(simulation.sessions.filter { $0.person == person }.map(\.sessionId))
                let storedIds = Set(stored.filter { sessionIds.contains($0.sessionId) }.map(\.sessionId))
                if storedIds.count != count {
                    failures.append(ScenarioFailure(.sessions, "\(person)'s visits were stored as \(quantity(storedIds.count, "session")), expected \(count)"))
                }
            case .noCanaryLeaks:
                break
            }
        }
        return failures
    }

    /// The URL of every page view, by page id.
    private static func pageURLs(_ simulation: Simulation) -> [String: String] {
        var urls: [String: String] = [:]
        for session in simulation.sessions {
            for window in session.windows {
                for page in window.pages { urls[page.pageId] = page.url }
            }
        }
        return urls
    }
}
