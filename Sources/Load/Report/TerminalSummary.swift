import Foundation

/// The report as a person reads it at the end of a run: counts, latency table, the generator's own audit and each threshold's verdict.
public enum TerminalSummary {
    public static func render(_ report: LoadReport) -> String {
        var lines: [String] = []
        let run = report.run
        let shards = run.shardCount == 1 ? "" : ", shards \(run.shards.map(String.init).joined(separator: ",")) of \(run.shardCount)"
        lines.append("load: \(run.schedule) for \(LoadDuration.text(microseconds: run.durationMicroseconds)), time scale \(number(run.timeScale)), seed \(run.seed), \(run.connections) connections\(shards)")
        let requests = report.requests
        let rate = requests.achievedRatePerSecond.map { String(format: "%.1f/s", $0) } ?? "-"
        lines.append("requests   \(requests.sent) sent of \(requests.scheduled) scheduled, \(requests.acknowledged) acknowledged, \(requests.errors) errors (\(percent(requests.errorRate))), rate \(rate) (target \(String(format: "%.1f/s", requests.targetRatePerSecond)))")
        if !requests.failures.isEmpty {
            lines.append("failures   " + requests.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if requests.bodyRefusals > 0 {
            lines.append("refused    \(requests.bodyRefusals) answers had an accepting status but a body that refused the upload; the first: \(requests.firstBodyRefusal ?? "-")")
        }
        if !requests.statuses.isEmpty {
            lines.append("statuses   " + requests.statuses.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let waited = requests.lateStarts == 0 ? "" : ", \(requests.lateStartsWaitingForConnection) of them waiting for a connection"
        lines.append("schedule   \(requests.lateStarts) late starts (over \(LoadDriver.lateThresholdMicroseconds / 1000) ms\(waited)), \(requests.droppedSends) dropped sends"
            + (requests.sendsAfterWindow > 0 ? "; \(requests.sendsAfterWindow) more planned after --duration + --drain were not sent (sessions outlast the run)" : ""))
        let sessions = report.sessions
        lines.append("sessions   \(sessions.started) started, \(sessions.complete) complete, \(sessions.incomplete) incomplete, \(sessions.notStarted) not started; uploads \(sessions.uploadsSent) sent, \(sessions.uploadsAcknowledged) acknowledged")
        lines.append("bytes      \(bytes(sessions.bodyBytesSent)) of bodies sent (\(bytes(sessions.bodyBytesUncompressed)) before compression)")
        if let readBack = report.readBack {
            lines.append("read-back  \(readBack.sessionsChecked) sessions checked, \(readBack.sessionsLost) lost, \(readBack.sessionsDoubled) doubled, ingest lag p50 \(milliseconds(readBack.lag, 50)) p99 \(milliseconds(readBack.lag, 99))")
        }
        let labels = ["p50", "p90", "p99", "p99.9", "max"]
        lines.append("")
        lines.append(pad("latency (ms)", 34) + labels.map { pad($0, 10, right: true) }.joined())
        for (name, distribution) in [("from intended send (corrected)", report.latency.corrected), ("from actual send (uncorrected)", report.latency.uncorrected),
                                     ("schedule slip", report.latency.scheduleSlip)] {
            let values = labels.map { label in
                distribution.percentiles.first { $0.label == label }.map { String(format: "%.3f", $0.milliseconds) } ?? "-"
            }
            lines.append(pad("  " + name, 34) + values.map { pad($0, 10, right: true) }.joined())
        }
        lines.append("")
        let cpu = report.generators.map(\.generatorCPUShare).max() ?? 0
        let opened = report.generators.map(\.connectionsOpened).reduce(0, +)
        let runQueue = report.generators.compactMap(\.runQueueWaitShare).max().map { String(format: ", waited for a CPU %.0f%% of the run", $0 * 100) } ?? ""
        lines.append("generator  \(String(format: "%.0f%%", cpu * 100)) of one core (busiest shard)\(runQueue), \(opened) connections opened")
        if let banner = bottleneckBanner(report) { lines.append(banner) }
        if !report.thresholds.isEmpty {
            lines.append("thresholds")
            for result in report.thresholds {
                let observed = result.observed.map { "observed \(number($0))" } ?? "no samples"
                lines.append("  \(result.passed ? "PASS" : "FAIL") \(result.expression)  \(result.reason ?? observed)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A warning when the run did not keep its schedule, naming what held it back: the generator's CPU, the endpoint's answers (every connection busy), a machine busy with other work, or the generator's own pauses.
    ///
    /// It stays quiet when the achieved rate is within 5% of the target and no
    /// more than 1% of sends (or fewer than 3) started late: a few late starts
    /// are in the counts and the corrected latency already.
    public static func bottleneckBanner(_ report: LoadReport) -> String? {
        let requests = report.requests
        let cpu = report.generators.map(\.generatorCPUShare).max() ?? 0
        let slipP99 = report.latency.scheduleSlip.percentiles.first { $0.label == "p99" }?.milliseconds ?? 0
        let slowRate = (requests.achievedRatePerSecond ?? 0) < 0.95 * requests.targetRatePerSecond
        let manyLate = requests.lateStarts >= 3 && Double(requests.lateStarts) > 0.01 * Double(requests.sent)
        guard slowRate || manyLate else { return nil }
        let slip = String(format: "%.1f", slipP99)
        let waitedForCPU = report.generators.compactMap(\.runQueueWaitShare).max() ?? 0
        let busy = String(format: "%.0f%%", waitedForCPU * 100)
        if cpu >= 0.85 {
            return "*** the GENERATOR was the bottleneck: its thread used \(String(format: "%.0f%%", cpu * 100)) of a core and sends started up to \(slip) ms late (p99); the endpoint may hold more: run more shards ***"
        }
        if requests.lateStartsWaitingForConnection * 2 >= requests.lateStarts {
            let machine = waitedForCPU >= 0.1 ? "; this machine was busy too (the generator waited for a CPU \(busy) of the run), which slows an embedded endpoint as well" : ""
            return "*** sends fell behind (schedule slip p99 \(slip) ms): \(requests.lateStartsWaitingForConnection) of \(requests.lateStarts) late starts waited for one of the \(report.run.connections) connections to be answered; the endpoint's answers, or --connections \(report.run.connections), limited the rate\(machine) ***"
        }
        if waitedForCPU >= 0.1 {
            return "*** sends fell behind (schedule slip p99 \(slip) ms) because this MACHINE was busy: the generator's thread waited for a CPU \(busy) of the run (run queue), though it needed only \(String(format: "%.0f%%", cpu * 100)) of a core; these figures say more about the machine than the endpoint: rerun where nothing else competes for the CPUs ***"
        }
        return "*** sends fell behind (schedule slip p99 \(slip) ms) with connections free and the generator at \(String(format: "%.0f%%", cpu * 100)) of a core: the generator's own pauses (building each arriving session) delayed them; the corrected latency includes that delay ***"
    }

    private static func milliseconds(_ distribution: LoadReport.Distribution, _ percentile: Double) -> String {
        distribution.percentiles.first { $0.percentile == percentile }.map { String(format: "%.1f ms", $0.milliseconds) } ?? "-"
    }

    private static func percent(_ fraction: Double?) -> String {
        fraction.map { String(format: "%.2f%%", $0 * 100) } ?? "-"
    }

    static func bytes(_ count: UInt64) -> String {
        if count >= 10_000_000 { return String(format: "%.1f MB", Double(count) / 1_000_000) }
        if count >= 10_000 { return String(format: "%.1f kB", Double(count) / 1000) }
        return "\(count) B"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}
