import Foundation
import SessionModel

/// Turns scenario results into the terminal lines, summary table, JSON and JUnit XML of a run.
public enum RunReport {
    /// One line per finished scenario: `[3/13] PASS checkout-declined-card  1 session, 4 batches, 312 events, 0.4 s`.
    public static func progressLine(_ result: ScenarioResult, position: Int, of total: Int) -> String {
        let counter = "[\(position)/\(total)]"
        let verdict = result.passed ? "PASS" : "FAIL"
        let sessions = quantity(result.sessions, "session")
        let batches = quantity(result.batchesSent, "batch", plural: "batches")
        let events = quantity(result.eventsSent, "event") + (result.eventsNote.map { " sent (\($0))" } ?? "")
        return "\(counter) \(verdict) \(result.slug)  \(sessions), \(batches), \(events), \(String(format: "%.1f", result.seconds)) s"
    }

    /// Indents a multi-line message under its scenario's line.
    public static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
    }

    /// The summary table, one row per scenario, and a total line.
    public static func table(_ results: [ScenarioResult]) -> String {
        let headers = ["scenario", "result", "sessions", "batches", "events", "stored", "failures"]
        let rows = results.map { result -> [String] in
            let kinds = ScenarioFailure.Kind.allCases.compactMap { kind -> String? in
                let count = result.failures.filter { $0.kind == kind }.count
                return count == 0 ? nil : "\(kind.rawValue) \(count)"
            }
            return [result.slug, result.passed ? "pass" : "FAIL", "\(result.sessions)", "\(result.batchesSent)", "\(result.eventsSent)",
                    "\(result.batchesStored)", kinds.isEmpty ? "-" : kinds.joined(separator: ", ")]
        }
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return (2...5).contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let passed = results.filter(\.passed).count
        var lines = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        lines.append("")
        lines.append("\(passed) of \(quantity(results.count, "scenario")) passed" + (passed == results.count ? "" : ", \(results.count - passed) failed"))
        return lines.joined(separator: "\n")
    }

    /// The results as one JSON document.
    /// The whole run as JSON; `notes` say what the run could not check against its target.
    public static func json(_ results: [ScenarioResult], notes: [String] = []) -> JSONValue {
        [
            "notes": .array(notes.map(JSONValue.string)),
            "passed": .bool(results.allSatisfy(\.passed)),
            "scenarios": .array(results.map(\.jsonValue)),
        ]
    }

    /// JUnit XML with one testcase per scenario and one failure element per failure.
    public static func junit(_ results: [ScenarioResult]) -> JUnitReport {
        JUnitReport(name: "session-harness run", cases: results.map { result in
            JUnitReport.TestCase(name: result.slug, className: "scenarios", seconds: result.seconds, failures: result.failures.map(\.description))
        })
    }
}
