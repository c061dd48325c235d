import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Reports
import Testing

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

