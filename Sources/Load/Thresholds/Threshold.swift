import SessionModel

/// A pass/fail rule on one metric of a run, such as `p99<250ms`, `error_rate<0.1%` or `sessions_lost==0`.
///
/// A threshold on a metric with no samples fails (a p99 of no requests is not
/// under 250 ms), and an unknown metric name is refused when the threshold is
/// read, with the nearest known name.
///
/// ```swift
/// let threshold = try Threshold(parsing: "p99<250ms")
/// threshold.evaluate(summary).passed
/// ```
public struct Threshold: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case greater = ">"

        func holds(_ observed: Double, _ limit: Double) -> Bool {
            switch self {
            case .less: observed < limit
            case .lessOrEqual: observed <= limit
            case .greater: observed > limit
            case .greaterOrEqual: observed >= limit
            case .equal: observed == limit
            case .notEqual: observed != limit
            }
        }
    }

    /// The expression as written.
    public var expression: String
    public var metric: LoadMetric
    public var comparison: Comparison
    /// The limit in the metric's own unit (milliseconds, a fraction, a count, per second).
    public var limit: Double

    public var description: String { expression }

    /// Reads `METRIC OP VALUE[UNIT]`; units: `us`, `ms`, `s` for latencies, `%` for rates, `/s` for throughput.
    public init(parsing text: String) throws(LoadInputError) {
        expression = text
        let compact = text.filter { $0 != " " }
        guard let (operatorRange, comparison) = Comparison.allCases.lazy.compactMap({ comparison in
            compact.range(of: comparison.rawValue).map { ($0, comparison) }
        }).first else {
            throw LoadInputError("--threshold '\(text)' has no comparison; write it like p99<250ms, error_rate<0.1% or sessions_lost==0")
        }
        self.comparison = comparison
        let name = String(compact[..<operatorRange.lowerBound])
        let valueText = String(compact[operatorRange.upperBound...])
        guard let metric = LoadMetric(name: name) else {
            var message = "--threshold '\(text)': unknown metric '\(name)'"
            if let near = Suggestions.closest(to: name, among: LoadMetric.knownNames) { message += "; did you mean '\(near)'?" }
            message += " (known: \(LoadMetric.knownNames.joined(separator: ", ")), or any pNN such as p99.9)"
            throw LoadInputError(message)
        }
        self.metric = metric
        limit = try Self.limit(valueText, for: metric, in: text)
    }

    private static func limit(_ text: String, for metric: LoadMetric, in expression: String) throws(LoadInputError) -> Double {
        let units: [(suffix: String, factor: Double, kind: LoadMetric.Unit)] = [
            ("ms", 1, .milliseconds), ("us", 0.001, .milliseconds), ("µs", 0.001, .milliseconds), ("s", 1000, .milliseconds),
            ("%", 0.01, .fraction), ("/s", 1, .perSecond),
        ]
        for unit in units.sorted(by: { $0.suffix.count > $1.suffix.count }) where text.hasSuffix(unit.suffix) {
            guard unit.kind == metric.unit || (unit.suffix == "/s" && metric.unit == .perSecond) else {
                throw LoadInputError("--threshold '\(expression)': \(metric.name) is \(metric.unit.words), so '\(unit.suffix)' does not apply")
            }
            guard let number = Double(text.dropLast(unit.suffix.count)) else { break }
            return number * unit.factor
        }
        guard let number = Double(text) else {
            throw LoadInputError("--threshold '\(expression)': '\(text)' is not a number\(metric.unit == .milliseconds ? " with a unit such as 250ms" : "")")
        }
        if metric.unit == .milliseconds { throw LoadInputError("--threshold '\(expression)': give the latency a unit (us, ms or s)") }
        return number
    }

    /// The verdict on `summary`: passed only when the metric has a value and the comparison holds.
    public func evaluate(_ summary: LoadSummary) -> ThresholdResult {
        guard let observed = metric.value(summary) else {
            return ThresholdResult(expression: expression, metric: metric.name, observed: nil, passed: false,
                                   reason: "\(metric.name) has no samples\(metric.needsReadBack ? " (it needs --read-back)" : "")")
        }
        let passed = comparison.holds(observed, limit)
        return ThresholdResult(expression: expression, metric: metric.name, observed: observed, passed: passed,
                               reason: passed ? nil : "\(metric.name) was \(metric.unit.format(observed)), not \(comparison.rawValue) \(metric.unit.format(limit))")
    }
}

/// The verdict on one threshold.
public struct ThresholdResult: Sendable, Equatable, Codable {
    public var expression: String
    public var metric: String
    /// The metric's value in its own unit, or nil when it had no samples.
    public var observed: Double?
    public var passed: Bool
    /// Why it failed, in words.
    public var reason: String?
}
