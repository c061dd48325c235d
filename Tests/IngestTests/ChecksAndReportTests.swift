import Checks
import Compression
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Reports
import SessionModel
import Testing
@testable import Ingest

@Suite("Canary scan")
struct CanaryScanTests {
    static let canary = "jane.doe+canary@example.com"

    /// Each way a canary can be hidden in stored bytes, and the form the scan must name.
    static let encodings: [(String, [UInt8], String)] = {
        let json = Array("{\"note\":\"\(canary)\"}".utf8)
        return [
            ("plain", Array("xx \(canary) yy".utf8), "as is"),
            ("upper case", Array(canary.uppercased().utf8), "case-folded"),
            ("percent-encoded", Array("q=\(PercentCoding.encode(canary))&x=1".utf8), "percent-encoded"),
            ("base64 at offset 0", Array(Data(Array(canary.utf8)).base64EncodedString().utf8), "base64"),
            ("base64 at offset 1", Array(Data(Array(("a" + canary + "z").utf8)).base64EncodedString().utf8), "base64"),
            ("base64 at offset 2", Array(Data(Array(("ab" + canary).utf8)).base64EncodedString().utf8), "base64"),
            ("gzip inside other bytes", Array("prefix".utf8) + Zlib.compress(json, format: .gzip) + Array("suffix".utf8), "inside compressed data (as is)"),
            ("zlib", Zlib.compress(json, format: .zlib), "inside compressed data (as is)"),
            ("PostHog cv Latin-1 gzip in JSON", JSONWriter.canonicalBytes(PostHogAdapter.compressFields(["type": 2, "data": ["text": .string(canary)]])),
             "inside a Latin-1 gzip string (as is)"),
        ]
    }()

    @Test("finds a canary in every encoding", arguments: encodings.indices)
    func finds(_ index: Int) {
        let (name, bytes, form) = Self.encodings[index]
        let hits = CanaryScan(canaries: [Self.canary]).scan(bytes)
        #expect(hits.map(\.form) == [form], "\(name)")
    }

    @Test("finds nothing where there is nothing")
    func clean() {
        let bytes = Zlib.compress(Array("{\"note\":\"jane.doe@example.com\"}".utf8), format: .gzip) + Array("abc".utf8)
        #expect(CanaryScan(canaries: [Self.canary, "4111111111111111"]).scan(bytes).isEmpty)
    }
}

@Suite("JUnit XML")
struct JUnitReportTests {
    static let report = JUnitReport(name: "session-harness", cases: [
        .init(name: "checkout declined card", className: "scenarios", seconds: 0.25),
        .init(name: "help <&> \"quoted\"", className: "scenarios", seconds: 1.5, failures: ["lost: session s1 window w1 sequence 3", "duplicated: x"]),
        .init(name: "needs bugsink", className: "real-targets", skipped: "real targets not running"),
    ])

    @Test("the XML has the expected bytes")
    func bytes() {
        #expect(Self.report.xml() == """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="session-harness" tests="3" failures="1" errors="0" skipped="1" time="1.750">
              <testsuite name="session-harness" tests="3" failures="1" errors="0" skipped="1" time="1.750">
                <testcase name="checkout declined card" classname="scenarios" time="0.250"/>
                <testcase name="help &lt;&amp;&gt; &quot;quoted&quot;" classname="scenarios" time="1.500">
                  <failure message="lost: session s1 window w1 sequence 3" type="lost">lost: session s1 window w1 sequence 3&#10;duplicated: x</failure>
                </testcase>
                <testcase name="needs bugsink" classname="real-targets" time="0.000">
                  <skipped message="real targets not running"/>
                </testcase>
              </testsuite>
            </testsuites>

            """)
    }

    /// Checks the rules of the JUnit schema CI systems read (the Jenkins/Ant junit.xsd subset).
    @Test("the XML parses and follows the JUnit schema's structure")
    func schema() throws {
        final class Checker: NSObject, XMLParserDelegate {
            var problems: [String] = []
            var stack: [String] = []
            var testcases: [String] = []
            let required: [String: [String]] = [
                "testsuites": [], "testsuite": ["name", "tests", "failures", "errors", "time"],
                "testcase": ["name", "classname", "time"], "failure": ["message", "type"], "skipped": [],
            ]
            let parents: [String: String?] = ["testsuites": nil, "testsuite": "testsuites", "testcase": "testsuite", "failure": "testcase", "skipped": "testcase"]
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                guard let parent = parents[name] else { problems.append("unknown element \(name)"); return }
                if parent != stack.last { problems.append("\(name) inside \(stack.last ?? "nothing")") }
                for attribute in required[name] ?? [] where attributes[attribute] == nil { problems.append("\(name) lacks \(attribute)") }
                if let time = attributes["time"], Double(time) == nil { problems.append("time '\(time)' is not a number") }
                if name == "testcase" { testcases.append(attributes["name"] ?? "") }
                stack.append(name)
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }
        }
        let parser = XMLParser(data: Data(Self.report.xml().utf8))
        let checker = Checker()
        parser.delegate = checker
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(checker.problems.isEmpty, "\(checker.problems)")
        #expect(checker.testcases == ["checkout declined card", "help <&> \"quoted\"", "needs bugsink"])
    }
}

@Suite("Transport")
struct TransportTests {
    @Test("backoff follows the SDK models")
    func backoff() {
        #expect((0..<4).map { RetryPolicy.posthog.baseDelay(afterAttempt: $0) } == [3, 6, 12, 24])
        #expect(RetryPolicy.posthog.baseDelay(afterAttempt: 20) == 1800)
        #expect((0..<3).map { RetryPolicy.sentry.baseDelay(afterAttempt: $0) } == [5, 10, 15])
        #expect(RetryPolicy.posthog.shouldRetry(status: 503) && !RetryPolicy.posthog.shouldRetry(status: 400))
        #expect(RetryPolicy.posthog.shouldRetry(status: nil) && RetryPolicy.posthog.shouldRetry(status: 429))
        #expect(!RetryPolicy.sentry.shouldRetry(status: 503) && !RetryPolicy.sentry.shouldRetry(status: 429))
        #expect(Transport.retryAfterSeconds("7") == 7)
    }

    @Test("jitter is seeded: the same seed waits the same, within ±50 %")
    func jitter() {
        let a = Transport(baseURL: URL(string: "http://127.0.0.1:9")!, policy: .posthog, seed: 9)
        let b = Transport(baseURL: URL(string: "http://127.0.0.1:9")!, policy: .posthog, seed: 9)
        let waitsA = (0..<5).map { a.nextWait(after: $0, retryAfter: nil) }
        #expect(waitsA == (0..<5).map { b.nextWait(after: $0, retryAfter: nil) })
        for (index, wait) in waitsA.enumerated() {
            let base = RetryPolicy.posthog.baseDelay(afterAttempt: index)
            #expect(wait >= base * 0.5 && wait <= base * 1.5)
        }
    }

    @Test("no server: the attempts fail without a status and the batch is not acknowledged")
    func unreachable() async throws {
        var policy = RetryPolicy.standard
        policy.maximumAttempts = 2
        policy.timeScale = 0.001
        let report = await Transport(baseURL: URL(string: "http://127.0.0.1:9")!, policy: policy).send(try ReferenceAdapter().request(for: Fixture.batch(sequence: 0)))
        #expect(report.attempts.count == 2)
        #expect(report.attempts.allSatisfy { $0.status == nil && $0.error != nil })
        #expect(!report.acknowledged)
    }
}
