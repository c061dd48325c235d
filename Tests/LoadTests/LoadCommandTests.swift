import _TestSupport
import Foundation
@testable import HarnessCLI
import Load
import ScenarioLanguage
import Testing

@Suite struct LoadCommandTests {
    static let scenario = RepositoryFiles.scenarios.appendingPathComponent("rage-clicks.scenario").path

    @Test func aShortRunAgainstTheEmbeddedServerWritesEveryReport() async throws {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main([
            "load", "--scenario", Self.scenario, "--arrival", "constant:10/s", "--duration", "1s", "--time-scale", "1000",
            "--threshold", "requests>0", "--threshold", "p99<1us",
            "--json", folder + "/report.json", "--junit", folder + "/report.xml", "--html", folder + "/report.html", "--hgrm", folder + "/latency.hgrm",
        ], console: console)
        #expect(status == .thresholdsFailed, "\(console.errors)")
        #expect(status.rawValue == 99)
        #expect(console.output.contains("sessions   10 started, 10 complete, 0 incomplete"))
        #expect(console.output.contains("  PASS requests>0"))
        #expect(console.output.contains("  FAIL p99<1us  p99 was "))

        let report = try LoadReport(json: Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))), file: "report.json")
        #expect(report.sessions.started == 10)
        #expect(report.requests.acknowledged == report.requests.sent)
        #expect(report.latency.corrected.percentiles.map(\.label) == ["p50", "p75", "p90", "p95", "p99", "p99.9", "p99.99", "max"])
        #expect(report.latency.corrected.count == report.requests.sent)
        #expect(report.thresholds.map(\.passed) == [true, false])

        let junit = try String(contentsOfFile: folder + "/report.xml", encoding: .utf8)
        #expect(junit.contains("<testsuite name=\"load constant:10/s\" tests=\"2\" failures=\"1\""))
        #expect(junit.contains("<testcase classname=\"load.thresholds\" name=\"p99&lt;1us\">\n      <failure message=\"p99 was "))
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.components(separatedBy: "<svg ").count == 5)
        #expect(html.contains("Percentile spectrum"))
        let hgrm = try String(contentsOfFile: folder + "/latency.hgrm", encoding: .utf8)
        #expect(hgrm.hasPrefix("       Value     Percentile TotalCount 1/(1-Percentile)\n\n"))
        #expect(hgrm.contains("Total count    = \(String(repeating: " ", count: 12 - String(report.requests.acknowledged).count))\(report.requests.acknowledged)]"))
    }

    /// Load sends uploads only: a scenario's erasures and expectations are named as not carried out, never silently dropped.
    @Test func erasuresAndExpectationsAreSaidToBeLeftOut() throws {
        let privacy = try Scenario(parsing: """
            scenario "p"
            person "carol"
            page "https://shop.example/"
              html "<p>Shop</p>"
            visit "https://shop.example/"
            erase "carol"
            visit "https://shop.example/"
            erase "carol"
            expect erased "carol"

            """, file: "p.scenario")
        let plain = try Scenario(parsing: """
            scenario "q"
            page "https://shop.example/"
              html "<p>Shop</p>"
            visit "https://shop.example/"

            """, file: "q.scenario")
        #expect(LoadCommand.unperformedNote([privacy, plain])
            == "note: load sends the scenarios' uploads only; their 2 erase steps and 1 expectation are not carried out (`run` does that)")
        #expect(LoadCommand.unperformedNote([plain]) == nil)
    }

    /// The reference adapter's rule wants `{"status": "stored"}`: a 200 that says otherwise is no acknowledgement under load either.
    @Test func aTwoHundredWithAWrongBodyIsNotAnAcknowledgement() async throws {
        let endpoint = try HostileEndpoint(.answer(status: 200, headers: ["Content-Type": "application/json"], body: #"{"status":"queued"}"#))
        defer { endpoint.stop() }
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main([
            "load", "--endpoint", endpoint.url.absoluteString, "--adapter", "reference", "--scenario", Self.scenario,
            "--arrival", "constant:10/s", "--duration", "1s", "--time-scale", "1000", "--threshold", "body_refusals==0",
        ], console: console)
        // Nothing acknowledged measures no endpoint: that is the endpoint's failure (69), whatever the thresholds say.
        #expect(status == .unavailable, "\(console.errors)")
        #expect(console.errors.contains("the endpoint acknowledged none of the "), "\(console.errors)")
        #expect(console.errors.contains("of the answers' bodies refused the upload); nothing here measures it"), "\(console.errors)")
        #expect(console.output.contains("  FAIL body_refusals==0"))
        #expect(console.output.contains(", 0 acknowledged,"), "\(console.output)")
        #expect(console.output.contains("answers had an accepting status but a body that refused the upload; the first: the body said {\"status\":\"queued\"}"), "\(console.output)")
        #expect(console.output.contains("statuses   200 "))
        #expect(console.output.contains("sessions   10 started, 0 complete"))
    }

    /// An endpoint that accepts and never answers measures nothing: the run ends by its deadlines, with the failures by kind, and exit 69.
    @Test func anEndpointThatNeverAnswersEndsInTimeAsTheEndpointsFailure() async throws {
        let endpoint = try HostileEndpoint(.silent)
        defer { endpoint.stop() }
        let console = Console.capturing()
        let started = Date()
        let status = await SessionHarnessCommand.main([
            "load", "--endpoint", endpoint.url.absoluteString, "--adapter", "reference", "--scenario", Self.scenario,
            "--arrival", "constant:5/s", "--duration", "1s", "--time-scale", "1000", "--timeout", "1", "--drain", "1s",
        ], console: console)
        #expect(status == .unavailable, "\(console.errors)")
        #expect(console.errors.contains("the endpoint acknowledged none of the "), "\(console.errors)")
        #expect(console.errors.contains(" requests sent: timeout "), "\(console.errors)")
        // It ends by its deadlines (about 3 s); the bound is loose, as the whole suite on 2 cores can starve one test for tens of seconds.
        #expect(Date().timeIntervalSince(started) < 120)
    }

    /// A schedule of more sessions than a run may take is a usage error up front, not a run that never ends.
    @Test func aScheduleOfBillionsOfSessionsIsAUsageError() async {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["load", "--scenario", Self.scenario, "--arrival", "constant:10000000/s", "--duration", "1h"],
                                                      console: console)
        #expect(status == .usage)
        #expect(console.errors.contains("brings about 3.6e+10 sessions; one run takes at most 1e9"), "\(console.errors)")
    }

    @Test func anUnknownMetricIsAUsageErrorWithASuggestion() async {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main([
            "load", "--scenario", Self.scenario, "--arrival", "constant:10/s", "--duration", "1s", "--threshold", "p99<250ms", "--threshold", "eror_rate<1%",
        ], console: console)
        #expect(status == .usage)
        #expect(console.errors.hasPrefix("error: --threshold 'eror_rate<1%': unknown metric 'eror_rate'; did you mean 'error_rate'?"))
        #expect(console.output.isEmpty)
    }

    @Test func anUnreachableEndpointIsUnavailable() async throws {
        let endpoint = try HostileEndpoint(.silent)
        let url = endpoint.url.absoluteString
        endpoint.stop()
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main([
            "load", "--endpoint", url, "--fixed-body", "10", "--arrival", "constant:10/s", "--duration", "1s",
        ], console: console)
        #expect(status == .unavailable)
        #expect(console.errors.contains("cannot reach the endpoint \(url)"))
    }

    /// Hostile report files: each is refused with its path and what is wrong, in words rather than Foundation's "not valid JSON"; a byte-order mark is no fault.
    @Test func mergeRefusesHostileReportsInWords() async throws {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = folder + "/good.json"
        let ran = await SessionHarnessCommand.main(["load", "--scenario", Self.scenario, "--arrival", "constant:10/s", "--duration", "1s",
                                                    "--time-scale", "1000", "--json", good], console: Console.capturing())
        #expect(ran == .success)
        let report = try String(contentsOfFile: good, encoding: .utf8)
        let cases: [(name: String, text: String, words: String?)] = [
            ("bom", "\u{FEFF}" + report, nil),
            ("negative", report.replacingOccurrences(of: #""sent" : "#, with: #""sent" : -"#), "$.requests.sent is -"),
            ("deep", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), "not JSON: nesting is deeper than 32 levels"),
            ("overflow", report.replacingOccurrences(of: #""saturated" : 0"#, with: #""saturated" : 18446744073709551615"#),
             "counts add up past 2^64"),
        ]
        for example in cases {
            let file = folder + "/\(example.name).json"
            try Data(example.text.utf8).write(to: URL(fileURLWithPath: file))
            let console = Console.capturing()
            let status = await SessionHarnessCommand.main(["merge", file], console: console)
            if let words = example.words {
                #expect(status == .failure, "\(example.name)")
                #expect(console.errors.hasPrefix("error: \(file): "), "\(example.name): \(console.errors)")
                #expect(console.errors.contains(words), "\(example.name): \(console.errors)")
            } else {
                #expect(status == .success, "\(example.name): \(console.errors)")
            }
        }
    }

    @Test func mergeNamesTheFileAndJSONPathOfABrokenReport() async throws {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/broken.json"
        try Data(#"{"format":"session-harness-load/1","run":{"schedule":"constant:1/s"}}"#.utf8).write(to: URL(fileURLWithPath: file))
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["merge", file], console: console)
        #expect(status == .failure)
        #expect(console.errors.hasPrefix("error: \(file): $.run.durationMicroseconds is missing"), "\(console.errors)")
    }
}
