/// Writes JUnit XML (testsuites/testsuite/testcase/failure/skipped) that CI systems read.
///
/// ```swift
/// var report = JUnitReport(name: "session-harness")
/// report.add(JUnitReport.TestCase(name: "checkout", className: "scenarios", seconds: 0.4, failures: ["lost: ..."]))
/// let xml = report.xml()
/// ```
public struct JUnitReport: Sendable {
    public struct TestCase: Sendable, Equatable {
        public var name: String
        public var className: String
        public var seconds: Double
        /// One message per failure reason; empty when the case passed.
        public var failures: [String]
        /// Why the case was skipped, when it was.
        public var skipped: String?

        public init(name: String, className: String, seconds: Double = 0, failures: [String] = [], skipped: String? = nil) {
            self.name = name
            self.className = className
            self.seconds = seconds
            self.failures = failures
            self.skipped = skipped
        }
    }

    public var name: String
    public var cases: [TestCase] = []

    public init(name: String, cases: [TestCase] = []) {
        self.name = name
        self.cases = cases
    }

    public mutating func add(_ testCase: TestCase) { cases.append(testCase) }

    /// The XML document, with a trailing newline; cases in the order added.
    public func xml() -> String {
        let failures = cases.filter { !$0.failures.isEmpty }.count
        let skipped = cases.filter { $0.skipped != nil && $0.failures.isEmpty }.count
        let total = cases.reduce(0) { $0 + $1.seconds }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(Self.escape(name))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(seconds(total))\">\n"
        out += "  <testsuite name=\"\(Self.escape(name))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(seconds(total))\">\n"
        for testCase in cases {
            out += "    <testcase name=\"\(Self.escape(testCase.name))\" classname=\"\(Self.escape(testCase.className))\" time=\"\(seconds(testCase.seconds))\""
            if testCase.failures.isEmpty && testCase.skipped == nil {
                out += "/>\n"
                continue
            }
            out += ">\n"
            if !testCase.failures.isEmpty {
                let first = testCase.failures[0]
                out += "      <failure message=\"\(Self.escape(first))\" type=\"\(Self.escape(String(first.prefix { $0 != ":" })))\">"
                out += Self.escape(testCase.failures.joined(separator: "\n")) + "</failure>\n"
            } else if let reason = testCase.skipped {
                out += "      <skipped message=\"\(Self.escape(reason))\"/>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private func seconds(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// XML-escapes text for attributes and content; characters XML 1.0 forbids become U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
