import Foundation
import HarnessCLI
import Testing
import _TestSupport

/// `run` against endpoints that misbehave every way one can: each ends within the deadline, with a paragraph in words and exit 69.
@Suite("hostile endpoints")
struct HostileEndpointTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var behaviour: HostileEndpoint.Behaviour
        var cameBack: String
        var meaning: String
        var scheme = "http"
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "never answers", behaviour: .silent, cameBack: "no complete answer within 1 s (--timeout)", meaning: "does not answer in time | ran out of time"),
        Case(name: "answers one byte a second", behaviour: .drip(interval: 1), cameBack: "no complete answer within 1 s", meaning: "answers too slowly | ran out of time"),
        Case(name: "resets the connection", behaviour: .reset, cameBack: "the connection was reset or closed before a complete answer", meaning: "drops connections"),
        Case(name: "answers garbage", behaviour: .garbage, cameBack: "the answer was not HTTP", meaning: "does not speak HTTP/1.1"),
        Case(name: "answers HTTP/0.9", behaviour: .http09, cameBack: "the answer was not HTTP", meaning: "does not speak HTTP/1.1"),
        Case(name: "200 with an empty body", behaviour: .answer(status: 200, headers: [:], body: ""), cameBack: "answered 200", meaning: "not with what the adapter's acknowledgement rule expects"),
        Case(name: "200 with a wrong body", behaviour: .answer(status: 200, headers: ["Content-Type": "application/json"], body: #"{"ok":true}"#),
             cameBack: "answered 200", meaning: "not with what the adapter's acknowledgement rule expects"),
        Case(name: "redirects in a loop", behaviour: .redirectLoop, cameBack: "answered 302, a redirect to /v1/batches (redirects are not followed)", meaning: "redirects uploads"),
        Case(name: "fails with 503 forever", behaviour: .answer(status: 503, headers: [:], body: "down for maintenance"), cameBack: "answered 503", meaning: "fails internally on every attempt"),
        Case(name: "plain HTTP behind an https URL", behaviour: .answer(status: 200, headers: [:], body: ""), cameBack: "the TLS handshake failed", meaning: "the URL says https", scheme: "https"),
    ]

    @Test("each misbehaviour ends in time with what was sent, what came back and what it means", arguments: cases)
    func misbehaviour(_ example: Case) async throws {
        let endpoint = try HostileEndpoint(example.behaviour)
        defer { endpoint.stop() }
        let console = Console.capturing()
        let started = Date()
        let status = await SessionHarnessCommand.main([
            "run", ScenarioRunTests.scenarioFile("browse-catalog"), "--endpoint", "\(example.scheme)://127.0.0.1:\(endpoint.port)",
            "--timeout", "1", "--deadline", "8", "--golden", RepositoryFiles.goldens.path, "--record", "never",
        ], console: console)
        let seconds = Date().timeIntervalSince(started)
        let everything = console.output + console.errors
        #expect(status == .unavailable, "\(everything)")
        // Without the limits this took minutes (a drip: 70 s a request, five attempts, 350 s); the bound is loose, because
        // the whole suite on 2 cores can starve one test for tens of seconds.
        #expect(seconds < 120, "took \(seconds) s")
        let paragraph = console.errors.components(separatedBy: "The endpoint misbehaved. ").last ?? ""
        #expect(paragraph.contains("Sent: POST /v1/batches with session "), "\(everything)")
        #expect(paragraph.contains("Came back: ") && paragraph.contains(example.cameBack), "\(paragraph)")
        // On a machine busy enough, any case may meet the run's deadline before its attempts are done: what came back first
        // is still checked above, and "ran out of time" is then the right meaning.
        let meanings = example.meaning.components(separatedBy: " | ") + ["ran out of time"]
        #expect(paragraph.contains("Meaning: ") && meanings.contains { paragraph.contains($0) }, "\(paragraph)")
        #expect(!everything.contains("NSError") && !everything.contains("Code=") && !everything.contains("(null)"), "\(everything)")
        #expect(!everything.contains("golden files were not produced") && !everything.contains("were not produced by their scenario"), "\(everything)")
        #expect(endpoint.requestCount <= 9, "8 uploads or 5 attempts, and read-back: got \(endpoint.requestCount)")
    }

    @Test("an endpoint that stopped answering is not asked again batch after batch, and later scenarios are not run")
    func stopsAfterSilence() async throws {
        let endpoint = try HostileEndpoint(.silent)
        defer { endpoint.stop() }
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main([
            "run", ScenarioRunTests.scenarioFile("browse-catalog"), ScenarioRunTests.scenarioFile("js-errors"),
            "--endpoint", endpoint.url.absoluteString, "--timeout", "0.5", "--deadline", "300", "--record", "never",
        ], console: console)
        #expect(status == .unavailable)
        #expect(console.output.contains("the endpoint stopped answering, so the scenario's other 7 batches were not sent"), "\(console.output)")
        #expect(console.output.contains("the endpoint stopped answering, so the other 1 scenario was not run"), "\(console.output)")
        // On a busy machine an attempt may time out before its request is fully received, so fewer may be counted.
        #expect((1...6).contains(endpoint.requestCount), "one batch, at most five attempts, and at most one read-back: got \(endpoint.requestCount)")
    }

    @Test("a read-back that fails is reported as such, the uploads' results kept, and no check passes on it")
    func readBackFailure() async throws {
        let endpoint = try HostileEndpoint(.answer(status: 200, headers: ["Content-Type": "application/json"], body: #"{"status":"stored"}"#))
        defer { endpoint.stop() }
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main([
            "run", ScenarioRunTests.scenarioFile("js-errors"), "--endpoint", endpoint.url.absoluteString, "--timeout", "1", "--record", "never",
        ], console: console)
        #expect(status == .unavailable)
        #expect(console.output.contains("read-back failed: GET /v1/sessions/"), "\(console.output)")
        #expect(console.output.contains("answered 200 with a body that is not {\"batches\": [...]}"), "\(console.output)")
        #expect(!console.output.contains("nothing-checked") && !console.output.contains("golden:"), "\(console.output)")
        #expect(console.errors.contains("Meaning: what the endpoint stored could not be read"), "\(console.errors)")
    }

    @Test("the posthog adapter's long backoff (3 s doubling, 10 tries) is cut by the run's deadline, which the report names")
    func deadlineCutsBackoff() async throws {
        let endpoint = try HostileEndpoint(.answer(status: 503, headers: [:], body: ""))
        defer { endpoint.stop() }
        let console = Console.capturing()
        let started = Date()
        let status = await SessionHarnessCommand.main([
            "run", ScenarioRunTests.scenarioFile("js-errors"), "--endpoint", endpoint.url.absoluteString, "--adapter", "posthog",
            "--timeout", "1", "--deadline", "4", "--record", "never",
        ], console: console)
        #expect(status == .unavailable)
        // Ten tries with 3 s doubling backoff would take over 25 minutes; the bound is loose, as the whole suite on 2 cores
        // can starve one test for tens of seconds.
        #expect(Date().timeIntervalSince(started) < 120, "the deadline of 4 s holds")
        #expect(console.errors.contains("the run's deadline of 4 s (--deadline) stopped the retries"), "\(console.errors)")
    }
}
