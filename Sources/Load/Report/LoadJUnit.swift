import Reports

/// The thresholds as JUnit XML: one test case per threshold, failed with its reason, so CI shows which limit broke.
public enum LoadJUnit {
    public static func render(_ report: LoadReport) -> [UInt8] {
        let cases = report.thresholds.isEmpty
            ? [ThresholdResult(expression: "run completed", metric: "requests", observed: Double(report.requests.sent), passed: true, reason: nil)]
            : report.thresholds
        let failures = cases.filter { !$0.passed }.count
        let seconds = Double(report.generators.map(\.elapsedMicroseconds).max() ?? 0) / 1_000_000
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"session-harness load\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
        xml += "  <testsuite name=\"load \(JUnitReport.escape(report.run.schedule))\" tests=\"\(cases.count)\" failures=\"\(failures)\" time=\"\(seconds)\">\n"
        for result in cases {
            xml += "    <testcase classname=\"load.thresholds\" name=\"\(JUnitReport.escape(result.expression))\""
            if result.passed {
                xml += "/>\n"
            } else {
                let reason = JUnitReport.escape(result.reason ?? "failed")
                xml += ">\n      <failure message=\"\(reason)\">\(reason)</failure>\n    </testcase>\n"
            }
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return Array(xml.utf8)
    }
}
