import SessionModel
import Foundation

/// A self-contained HTML page of a run: verdicts and counts on top, then SVG plots of latency percentiles over time, the percentile spectrum, throughput and errors.
public enum LoadHTMLReport {
    public static func render(_ report: LoadReport) -> String {
        let timeline = report.timeline
        let width = Double(timeline.intervalMicroseconds) / 1_000_000
        func seconds(_ position: Int) -> Double { Double(position) * width }
        func percentileSeries(_ name: String, _ color: String, dashed: Bool = false, _ percentile: Double, uncorrected: Bool = false) -> SVGPlot.Series {
            let points = timeline.intervals.enumerated().compactMap { position, interval -> (x: Double, y: Double)? in
                let histogram = uncorrected ? interval.uncorrected : interval.corrected
                return histogram.value(atPercentile: percentile).map { (seconds(position), Double($0) / 1000) }
            }
            return SVGPlot.Series(name: name, color: color, dashed: dashed, points: points)
        }
        let overTime = SVGPlot(title: "Latency over time (from intended send time unless marked)", xLabel: "seconds since start", yLabel: "milliseconds",
                               series: [percentileSeries("p50", "#2b7bb9", 50), percentileSeries("p90", "#39a845", 90),
                                        percentileSeries("p99", "#e0861a", 99), percentileSeries("max", "#c0392b", 100),
                                        percentileSeries("p99 uncorrected", "#7d3c98", dashed: true, 99, uncorrected: true)])
        func spectrum(_ distribution: LoadReport.Distribution) -> [(x: Double, y: Double)] {
            guard let histogram = try? distribution.histogram(path: "") else { return [] }
            return histogram.percentileSteps().filter { $0.percentile < 100 }.map { (1 / (1 - $0.percentile / 100), Double($0.value) / 1000) }
        }
        let spectrumPlot = SVGPlot(title: "Percentile spectrum", xLabel: "percentile", yLabel: "milliseconds",
                                   series: [SVGPlot.Series(name: "corrected", color: "#e0861a", points: spectrum(report.latency.corrected)),
                                            SVGPlot.Series(name: "uncorrected", color: "#7d3c98", dashed: true, points: spectrum(report.latency.uncorrected))],
                                   logarithmicXTicks: [(1, "0%"), (2, "50%"), (10, "90%"), (100, "99%"), (1000, "99.9%"), (10000, "99.99%"), (100_000, "99.999%")])
        let throughput = SVGPlot(title: "Throughput", xLabel: "seconds since start", yLabel: "requests per second",
                                 series: [SVGPlot.Series(name: "finished", color: "#2b7bb9",
                                                         points: timeline.intervals.enumerated().map { (seconds($0.offset), Double($0.element.completed) / width) }),
                                          SVGPlot.Series(name: "scheduled", color: "#888", dashed: true,
                                                         points: timeline.intervals.enumerated().map { (seconds($0.offset), Double($0.element.scheduled) / width) })])
        let errors = SVGPlot(title: "Errors", xLabel: "seconds since start", yLabel: "errors per second",
                             series: [SVGPlot.Series(name: "not acknowledged", color: "#c0392b",
                                                     points: timeline.intervals.enumerated().map { (seconds($0.offset), Double($0.element.errors) / width) })])
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>session-harness load: \(MarkupText.escaped(report.run.schedule))</title>
            <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; max-width: 820px; }
            h1 { font-size: 20px; } table { border-collapse: collapse; margin: 8px 0 16px; }
            td, th { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: right; } th:first-child, td:first-child { text-align: left; }
            .pass { color: #1e7e34; font-weight: bold; } .fail { color: #c0392b; font-weight: bold; }
            .banner { background: #fff3cd; border: 1px solid #e0c36a; padding: 8px; margin: 8px 0; }
            figure { margin: 12px 0; } .workload { font-size: 12px; color: #444; }
            </style></head><body>
            <h1>Load: \(MarkupText.escaped(report.run.schedule)) for \(LoadDuration.text(microseconds: report.run.durationMicroseconds))</h1>
            <p>Time scale \(TerminalSummary.number(report.run.timeScale)), seed \(report.run.seed), \(report.run.connections) connections, shards \(report.run.shards.map(String.init).joined(separator: ", ")) of \(report.run.shardCount).</p>
            <details><summary>Workload: \(quantity(report.run.workload.count, "entry", plural: "entries"))</summary><ul class="workload">
            \(report.run.workload.map { "<li>\(MarkupText.escaped($0))</li>" }.joined(separator: "\n"))
            </ul></details>

            """
        if let banner = TerminalSummary.bottleneckBanner(report) { html += "<p class=\"banner\">\(MarkupText.escaped(banner))</p>\n" }
        if !report.thresholds.isEmpty {
            html += "<h2>Thresholds</h2>\n<table><tr><th>threshold</th><th>verdict</th><th>observed</th></tr>\n"
            for result in report.thresholds {
                html += "<tr><td>\(MarkupText.escaped(result.expression))</td><td class=\"\(result.passed ? "pass" : "fail")\">\(result.passed ? "PASS" : "FAIL")</td><td>\(MarkupText.escaped(result.reason ?? result.observed.map(TerminalSummary.number) ?? "no samples"))</td></tr>\n"
            }
            html += "</table>\n"
        }
        let requests = report.requests
        html += "<h2>Requests and sessions</h2>\n<table>\n"
        let rows: [(String, String)] = [
            ("requests sent / scheduled", "\(requests.sent) / \(requests.scheduled)"),
            ("acknowledged", "\(requests.acknowledged)"),
            ("errors", "\(requests.errors) (\(requests.errorRate.map { String(format: "%.2f%%", $0 * 100) } ?? "-"))"),
            ("failures by kind", requests.failures.isEmpty ? "none" : requests.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            ("refused by the answer's body", requests.bodyRefusals == 0 ? "none" : "\(requests.bodyRefusals); the first: \(requests.firstBodyRefusal ?? "-")"),
            ("achieved / target rate", "\(requests.achievedRatePerSecond.map { String(format: "%.1f/s", $0) } ?? "-") / \(String(format: "%.1f/s", requests.targetRatePerSecond))"),
            ("late starts (waited for a connection) / dropped sends", "\(requests.lateStarts) (\(requests.lateStartsWaitingForConnection)) / \(requests.droppedSends)"),
            ("planned after the run's window, not sent", "\(requests.sendsAfterWindow)"),
            ("sessions started / complete / not started", "\(report.sessions.started) / \(report.sessions.complete) / \(report.sessions.notStarted)"),
            ("uploads sent / acknowledged", "\(report.sessions.uploadsSent) / \(report.sessions.uploadsAcknowledged)"),
            ("body bytes sent (before compression)", "\(TerminalSummary.bytes(report.sessions.bodyBytesSent)) (\(TerminalSummary.bytes(report.sessions.bodyBytesUncompressed)))"),
        ]
        for (name, value) in rows { html += "<tr><td>\(MarkupText.escaped(name))</td><td>\(MarkupText.escaped(value))</td></tr>\n" }
        html += "</table>\n<h2>Latency (ms)</h2>\n<table><tr><th></th>" + LoadReport.reportedPercentiles.map { "<th>\($0 == 100 ? "max" : "p" + TerminalSummary.number($0))</th>" }.joined() + "</tr>\n"
        for (name, distribution) in [("from intended send (corrected)", report.latency.corrected), ("from actual send (uncorrected)", report.latency.uncorrected),
                                     ("schedule slip", report.latency.scheduleSlip)] {
            html += "<tr><td>\(name)</td>" + LoadReport.reportedPercentiles.map { percentile in
                "<td>\(distribution.percentiles.first { $0.percentile == percentile }.map { String(format: "%.3f", $0.milliseconds) } ?? "-")</td>"
            }.joined() + "</tr>\n"
        }
        html += "</table>\n"
        for plot in [overTime, spectrumPlot, throughput, errors] { html += "<figure>\(plot.render())</figure>\n" }
        html += "</body></html>\n"
        return html
    }

}
