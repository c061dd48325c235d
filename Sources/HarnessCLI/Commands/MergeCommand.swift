import Foundation
import Load
import SessionModel

/// `session-harness merge`: adds shard reports of one load run into the whole run's report and evaluates the thresholds on it.
///
/// ```
/// $ session-harness merge reports/shard-*.json --json merged.json --threshold 'p99<250ms'
/// ```
enum MergeCommand: Command {
    static let name = "merge"
    static let summary = "Merge load shard reports exactly and evaluate thresholds on the whole run"
    static let positionals = "REPORT..."
    static let options: [OptionDeclaration] = [
        .value("--threshold", "EXPR", help: "Evaluate EXPR instead of the thresholds the shards were run with (repeatable).", repeatable: true,
               section: "Reports"),
        .flag("--allow-missing", help: "Merge even when some of the run's shards have no report (the summary names them)."),
        .report("--json", help: "Write the merged report as JSON.", section: "Reports"),
        .report("--junit", help: "Write the thresholds as JUnit XML.", section: "Reports"),
        .report("--html", help: "Write an HTML page with SVG plots.", section: "Reports"),
        .report("--hgrm", help: "Write the corrected latency's percentile distribution in .hgrm format.", section: "Reports"),
    ]
    static let about = """
        Reads the --json reports of 'session-harness load' shards and adds them up:
        request, session and byte counts, failures by kind, and every histogram
        counter, so the merged percentiles are those of all requests of all shards.
        Reports of different runs (schedule, duration, time scale, seed, scenario
        set, adapter, connections or shard count differ), or two reports of one
        shard, are refused.
        """
    static let epilogue = """
        Exit status: 0 when every threshold held, 1 when a report cannot be read, is
        refused or cannot be written, or shards are missing (without --allow-missing),
        64 for a usage error, 99 when a threshold failed.
        """

    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus {
        guard !arguments.positionals.isEmpty else { throw .usage("merge needs the shard reports to merge") }
        var thresholds: [Threshold]?
        do {
            if !arguments.values("--threshold").isEmpty {
                thresholds = []
                for text in arguments.values("--threshold") { thresholds!.append(try Threshold(parsing: text)) }
            }
        } catch {
            throw .usage(error.message)
        }
        var reports: [(file: String, report: LoadReport)] = []
        for file in arguments.positionals {
            let data: [UInt8]
            do throws(FileFailure) {
                data = try InputFile.read(file, limit: InputFile.textLimit, what: "a load report")
            } catch {
                throw .failed("cannot read \(ControlCharacters.escaped(file)): \(error.reason)")
            }
            do {
                reports.append((file, try LoadReport(json: data, file: file)))
            } catch {
                throw .failed(error.message)
            }
        }
        let merged: LoadReport
        do {
            merged = try ShardMerge.merge(reports, thresholds: thresholds)
        } catch {
            throw .failed(error.message)
        }
        let missing = ShardMerge.missingShards(of: merged)
        if !missing.isEmpty {
            let words = "shards \(missing.map(String.init).joined(separator: ", ")) of \(merged.run.shardCount) have no report"
            guard arguments.flag("--allow-missing") else { throw .failed(words + "; give --allow-missing to merge the others") }
            console.printError("warning: " + words)
        }
        return try LoadCommand.finish(merged, arguments: arguments, console: console)
    }
}
