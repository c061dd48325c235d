/// Merges shard reports into the report of the whole run, exactly, refusing shards of different runs.
///
/// Shards must agree on everything that decides what is sent (schedule,
/// duration, drain, time scale, seed, workload, connections per shard and
/// shard count) and cover distinct shards. Counters and histogram counters
/// are added, so the merged p99 is the p99 of every request of every shard,
/// not an average of the shards' p99s.
///
/// ```swift
/// let whole = try ShardMerge.merge([("shard-0.json", a), ("shard-1.json", b)], thresholds: nil)
/// ```
public enum ShardMerge {
    /// The merged report; thresholds are `thresholds` when given, otherwise the ones the shards were run with (re-evaluated on the merged data).
    public static func merge(_ reports: [(file: String, report: LoadReport)], thresholds: [Threshold]?) throws(LoadInputError) -> LoadReport {
        guard let (firstFile, first) = reports.first else { throw LoadInputError("merge needs at least one report") }
        var shardOwner: [Int: String] = [:]
        var measurements = LoadMeasurements()
        var readBack: ReadBackSample?
        var generators: [GeneratorAudit] = []
        for (file, report) in reports {
            for difference in differences(first.run, report.run) {
                throw LoadInputError("\(file) is not a shard of the same run as \(firstFile): \(difference)")
            }
            for shard in report.run.shards {
                if let owner = shardOwner[shard] { throw LoadInputError("shard \(shard)/\(report.run.shardCount) is in both \(owner) and \(file)") }
                shardOwner[shard] = file
            }
            let expressions = report.thresholds.map(\.expression)
            if thresholds == nil, expressions != first.thresholds.map(\.expression) {
                throw LoadInputError("\(file) was run with thresholds \(expressions) but \(firstFile) with \(first.thresholds.map(\.expression)); give merge --threshold to choose")
            }
            do {
                measurements = measurements.merged(with: try report.measurements())
                if let sample = try report.readBackSample() { readBack = (readBack ?? ReadBackSample()).merged(with: sample) }
            } catch {
                throw LoadInputError("\(file): \(error.message)")
            }
            generators += report.generators
        }
        var run = first.run
        run.shards = shardOwner.keys.sorted()
        let chosen: [Threshold]
        if let thresholds {
            chosen = thresholds
        } else {
            var parsed: [Threshold] = []
            for result in first.thresholds { parsed.append(try Threshold(parsing: result.expression)) }
            chosen = parsed
        }
        return LoadReport(run: run, measurements: measurements, readBack: readBack, generators: generators, thresholds: chosen)
    }

    /// The shard indices missing from a merged run, such as [2] when shards 0, 1 and 3 of 4 were merged.
    public static func missingShards(of report: LoadReport) -> [Int] {
        (0..<report.run.shardCount).filter { !report.run.shards.contains($0) }
    }

    private static func differences(_ a: LoadReport.Run, _ b: LoadReport.Run) -> [String] {
        var found: [String] = []
        if a.schedule != b.schedule { found.append("schedule '\(b.schedule)' differs from '\(a.schedule)'") }
        if a.durationMicroseconds != b.durationMicroseconds { found.append("duration differs") }
        if a.drainMicroseconds != b.drainMicroseconds { found.append("drain time differs") }
        if a.timeScale != b.timeScale { found.append("time scale \(b.timeScale) differs from \(a.timeScale)") }
        if a.seed != b.seed { found.append("seed \(b.seed) differs from \(a.seed)") }
        if a.workload != b.workload { found.append("scenario set or adapter differs (\(b.workload.joined(separator: "; ")) vs \(a.workload.joined(separator: "; ")))") }
        if a.connections != b.connections { found.append("connections \(b.connections) differ from \(a.connections)") }
        if a.shardCount != b.shardCount { found.append("it is one of \(b.shardCount) shards, not \(a.shardCount)") }
        return found
    }
}
