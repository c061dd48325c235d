import Foundation

/// A number a threshold can test, by name: latency percentiles, error rate, counts of requests and sessions, throughput.
public struct LoadMetric: Sendable, Equatable {
    /// What the metric's numbers are.
    public enum Unit: Sendable, Equatable {
        case milliseconds
        case fraction
        case count
        case perSecond

        var words: String {
            switch self {
            case .milliseconds: "a latency"
            case .fraction: "a rate (a fraction or %)"
            case .count: "a count"
            case .perSecond: "a throughput per second"
            }
        }

        func format(_ value: Double) -> String {
            switch self {
            case .milliseconds: String(format: "%.3f ms", value)
            case .fraction: String(format: "%.4f%%", value * 100)
            case .count: value == value.rounded() ? String(Int64(value)) : String(value)
            case .perSecond: String(format: "%.1f/s", value)
            }
        }
    }

    public var name: String
    public var unit: Unit
    public var needsReadBack: Bool
    let value: @Sendable (LoadSummary) -> Double?

    public static func == (lhs: LoadMetric, rhs: LoadMetric) -> Bool { lhs.name == rhs.name }

    /// The metric called `name`, or nil when there is none.
    public init?(name: String) {
        if let percentile = Self.percentile(name, prefix: "p") {
            self.init(name, .milliseconds) { $0.measurements.corrected.value(atPercentile: percentile).map(Self.milliseconds) }
            return
        }
        if let percentile = Self.percentile(name, prefix: "uncorrected_p") {
            self.init(name, .milliseconds) { $0.measurements.uncorrected.value(atPercentile: percentile).map(Self.milliseconds) }
            return
        }
        if let percentile = Self.percentile(name, prefix: "schedule_slip_p") {
            self.init(name, .milliseconds) { $0.measurements.scheduleSlip.value(atPercentile: percentile).map(Self.milliseconds) }
            return
        }
        if let percentile = Self.percentile(name, prefix: "ingest_lag_p") {
            self.init(name, .milliseconds, readBack: true) { $0.readBack?.lag.value(atPercentile: percentile).map(Self.milliseconds) }
            return
        }
        guard let known = Self.named.first(where: { $0.name == name }) else { return nil }
        self = known
    }

    private init(_ name: String, _ unit: Unit, readBack: Bool = false, _ value: @escaping @Sendable (LoadSummary) -> Double?) {
        self.name = name
        self.unit = unit
        needsReadBack = readBack
        self.value = value
    }

    /// Every fixed name, for "did you mean" (percentiles are any `pNN`, `uncorrected_pNN`, `schedule_slip_pNN`, `ingest_lag_pNN`).
    public static var knownNames: [String] {
        ["p50", "p90", "p95", "p99", "p99.9", "uncorrected_p99", "schedule_slip_p99", "ingest_lag_p99"] + named.map(\.name)
    }

    private static let named: [LoadMetric] = [
        LoadMetric("max", .milliseconds) { $0.measurements.corrected.isEmpty ? nil : milliseconds($0.measurements.corrected.maximum) },
        LoadMetric("mean", .milliseconds) { $0.measurements.corrected.mean.map { $0 / 1000 } },
        LoadMetric("uncorrected_max", .milliseconds) { $0.measurements.uncorrected.isEmpty ? nil : milliseconds($0.measurements.uncorrected.maximum) },
        LoadMetric("error_rate", .fraction) { $0.measurements.errorRate },
        LoadMetric("errors", .count) { $0.measurements.requestsSent == 0 ? nil : Double($0.measurements.errors) },
        LoadMetric("requests", .count) { Double($0.measurements.requestsSent) },
        LoadMetric("requests_acknowledged", .count) { Double($0.measurements.requestsAcknowledged) },
        LoadMetric("rate", .perSecond) { $0.achievedRatePerSecond },
        LoadMetric("late_starts", .count) { $0.measurements.requestsSent == 0 ? nil : Double($0.measurements.lateStarts) },
        LoadMetric("body_refusals", .count) { $0.measurements.requestsSent == 0 ? nil : Double($0.measurements.bodyRefusals) },
        LoadMetric("dropped_sends", .count) { Double($0.measurements.droppedSends) },
        LoadMetric("sends_after_window", .count) { Double($0.measurements.sendsAfterWindow) },
        LoadMetric("uploads_acknowledged", .count) { Double($0.measurements.uploadsAcknowledged) },
        LoadMetric("sessions_started", .count) { Double($0.measurements.sessionsStarted) },
        LoadMetric("sessions_complete", .count) { Double($0.measurements.sessionsComplete) },
        LoadMetric("sessions_incomplete", .count) {
            $0.measurements.sessionsStarted == 0 ? nil : Double($0.measurements.sessionsStarted - $0.measurements.sessionsComplete)
        },
        LoadMetric("sessions_not_started", .count) { Double($0.measurements.sessionsNotStarted) },
        LoadMetric("sessions_lost", .count, readBack: true) { $0.readBack.map { Double($0.sessionsLost) } },
        LoadMetric("sessions_doubled", .count, readBack: true) { $0.readBack.map { Double($0.sessionsDoubled) } },
    ]

    private static func percentile(_ name: String, prefix: String) -> Double? {
        guard name.hasPrefix(prefix), let number = Double(name.dropFirst(prefix.count)), number >= 0, number <= 100 else { return nil }
        return number
    }

    static func milliseconds(_ microseconds: UInt64) -> Double { Double(microseconds) / 1000 }
}
