import Foundation
import SessionModel

/// `session-harness inspect`: counts, duration, pages and structural problems of recordings.
enum InspectCommand: Command {
    static let name = "inspect"
    static let summary = "Summarise recordings and report structural problems"
    static let positionals = "FILE..."
    static let options: [OptionDeclaration] = [
        .report("--json", help: "Write one JSON array with a report object per file to FILE ('-': standard output) instead of the text."),
    ]
    static let about = """
        Reads rrweb recordings (a JSON array of events, or NDJSON with one event or
        one array of events per line) and prints, for each file: event counts by
        type and incremental source, the time span, the pages (Meta hrefs and
        viewport sizes) and every structural problem found, with its event index.
        A file named '-' is read from standard input; a gzip- or zlib-compressed
        file is inflated first.
        """
    static let epilogue = """
        Exit status: 0 when every file is clean, 1 when any file has a problem or
        cannot be read, 64 for a usage error.
        """

    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus {
        let jsonFile = arguments.value("--json")
        let files = arguments.positionals
        guard !files.isEmpty else { throw .usage("no recording given") }
        var allClean = true
        var reports: [JSONValue] = []
        for file in files {
            let report: RecordingReport
            do throws(FileFailure) {
                report = try inspect(file)
            } catch {
                allClean = false
                let reason = error.reason
                console.printError("error: cannot read \(file): \(reason)")
                reports.append(["file": .string(file), "error": .string(reason), "clean": false])
                continue
            }
            allClean = allClean && report.isClean
            if jsonFile != nil {
                var object = report.jsonValue.objectValue ?? JSONObject()
                object["file"] = .string(file)
                reports.append(.object(object))
            } else {
                console.print(render(report, file: file))
            }
        }
        if let jsonFile {
            try console.writeReport(JSONWriter.canonicalBytes(.array(reports), style: .pretty), to: jsonFile, option: "--json")
        }
        return allClean ? .success : .failure
    }

    /// Streams the file (inflated when compressed) through the inspector in 1 MiB chunks.
    private static func inspect(_ path: String) throws(FileFailure) -> RecordingReport {
        var inspector = RecordingInspector()
        try RecordingFile.forEachChunk(path) { inspector.feed($0) }
        return inspector.finish()
    }

    static func render(_ report: RecordingReport, file: String) -> String {
        var lines = ["\(file): \(quantity(report.eventCount, "event")), \(report.isClean ? "clean" : quantity(report.problems.count, "problem"))"]
        if let duration = report.duration, let first = report.firstTimestamp, let last = report.lastTimestamp {
            lines.append("  duration: \(formatDuration(duration)) (timestamps \(first) to \(last))")
        }
        if report.eventsWithoutTimestamp > 0 {
            lines.append("  without timestamp: \(quantity(report.eventsWithoutTimestamp, "event"))")
        }
        let types = report.countsByType.map { "\($0.type) \($0.count)" }.joined(separator: ", ")
        lines.append("  by type: \(types.isEmpty ? "none" : types)")
        if !report.countsBySource.isEmpty {
            lines.append("  incremental by source: " + report.countsBySource.map { "\($0.source) \($0.count)" }.joined(separator: ", "))
        }
        if report.pages.isEmpty {
            lines.append("  pages: none (no Meta event)")
        } else {
            lines.append("  pages:")
            for page in report.pages {
                lines.append("    event \(page.eventIndex): \(page.href) (\(format(page.width))x\(format(page.height)))")
            }
        }
        if !report.problems.isEmpty {
            lines.append("  problems:")
            for problem in report.problems { lines.append("    \(problem)") }
        }
        return lines.joined(separator: "\n")
    }

    private static func formatDuration(_ milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        let seconds = Double(milliseconds) / 1000
        if seconds < 120 { return String(format: "%.1f s", seconds) }
        return String(format: "%dm %02ds", Int(seconds) / 60, Int(seconds) % 60)
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number ? String(Int(number)) : String(number)
    }
}
