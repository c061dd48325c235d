import Foundation
import SessionModel
import LoadHTTP

/// A run's (or merged shards') whole result as one JSON document: what was run, what was measured, and the thresholds' verdicts.
///
/// The histograms travel in full (their non-zero counters), so `merge` can add
/// shard reports exactly; percentiles are written beside them, each with its
/// label, percentile and unit spelled out.
public struct LoadReport: Sendable, Equatable, Codable {
    public static let formatName = "session-harness-load/1"

    /// What was run: everything shards must agree on, and which shards this report covers.
    public struct Run: Sendable, Equatable, Codable {
        public var schedule: String
        public var durationMicroseconds: UInt64
        public var drainMicroseconds: UInt64
        public var timeScale: Double
        public var seed: UInt64
        /// The adapter and each scenario with a digest of its upload plan, or the fixed body size.
        public var workload: [String]
        public var connections: Int
        public var shardCount: Int
        /// The shard indices whose work this report holds (all of them after a complete merge).
        public var shards: [Int]
    }

    public struct Requests: Sendable, Equatable, Codable {
        public var scheduled: UInt64
        public var sent: UInt64
        public var acknowledged: UInt64
        public var errors: UInt64
        public var errorRate: Double?
        /// Answers by HTTP status, keyed by the status as text.
        public var statuses: [String: UInt64]
        /// Requests with no answer, by kind (connect_refused, timeout, ...).
        public var failures: [String: UInt64]
        /// Answers with an accepting status whose body refused the upload (the adapter's body rule), and the first one in words.
        public var bodyRefusals: UInt64
        public var firstBodyRefusal: String?
        public var lateStarts: UInt64
        /// The late starts that had waited for a free connection, so were held back by the endpoint's answers rather than by the generator.
        public var lateStartsWaitingForConnection: UInt64
        public var droppedSends: UInt64
        /// Sends planned for after the run's window (sessions that outlast `--duration` + `--drain`), not attempted.
        public var sendsAfterWindow: UInt64
        public var achievedRatePerSecond: Double?
        public var targetRatePerSecond: Double
    }

    public struct Sessions: Sendable, Equatable, Codable {
        public var started: UInt64
        public var complete: UInt64
        public var incomplete: UInt64
        /// Arrivals that never started: every connection was busy until the run ended.
        public var notStarted: UInt64
        public var uploadsSent: UInt64
        public var uploadsAcknowledged: UInt64
        public var bodyBytesSent: UInt64
        public var bodyBytesUncompressed: UInt64
    }

    /// One labelled percentile: `p99` is the 99th percentile, in milliseconds.
    public struct Percentile: Sendable, Equatable, Codable {
        public var label: String
        public var percentile: Double
        public var milliseconds: Double
    }

    /// A histogram in full, with its summary.
    public struct Distribution: Sendable, Equatable, Codable {
        public var description: String
        public var count: UInt64
        public var minimumMilliseconds: Double?
        public var meanMilliseconds: Double?
        public var maximumMilliseconds: Double?
        public var percentiles: [Percentile]
        /// `LatencyHistogram`'s layout: 1 µs to 1 h, 3 significant digits, 2048 sub-buckets, 22 buckets.
        public var layout: String
        /// Counter indices and counts of the non-zero counters.
        public var indices: [Int]
        public var counts: [UInt64]
        public var saturated: UInt64
        public var minimumMicroseconds: UInt64
        public var maximumMicroseconds: UInt64
        public var sumMicroseconds: UInt64
    }

    public struct Latency: Sendable, Equatable, Codable {
        public var corrected: Distribution
        public var uncorrected: Distribution
        public var scheduleSlip: Distribution
    }

    public struct ReadBack: Sendable, Equatable, Codable {
        public var sessionsChecked: UInt64
        public var sessionsLost: UInt64
        public var sessionsDoubled: UInt64
        public var lag: Distribution
    }

    public var format: String
    public var run: Run
    public var requests: Requests
    public var sessions: Sessions
    public var latency: Latency
    public var readBack: ReadBack?
    public var timeline: Timeline
    /// Each generator's own account, one per shard in the report.
    public var generators: [GeneratorAudit]
    public var thresholds: [ThresholdResult]

    public static let reportedPercentiles: [Double] = [50, 75, 90, 95, 99, 99.9, 99.99, 100]
    static let layout = "log-linear 1us..1h, 3 significant digits, 2048 sub-buckets, 22 buckets"

    /// The report of `measurements` made under `run`.
    public init(run: Run, measurements: LoadMeasurements, readBack: ReadBackSample?, generators: [GeneratorAudit], thresholds: [Threshold]) {
        format = Self.formatName
        self.run = run
        let sending = generators.map(\.sendingMicroseconds).max() ?? 0
        let achieved = measurements.requestsSent == 0 || sending == 0 ? nil : Double(measurements.requestsSent) / (Double(sending) / 1_000_000)
        requests = Requests(
            scheduled: generators.map(\.scheduledRequests).reduce(0, +), sent: measurements.requestsSent,
            acknowledged: measurements.requestsAcknowledged, errors: measurements.errors, errorRate: measurements.errorRate,
            statuses: Dictionary(uniqueKeysWithValues: measurements.statuses.map { (String($0.key), $0.value) }),
            failures: Dictionary(uniqueKeysWithValues: measurements.failures.map { ($0.key.rawValue, $0.value) }),
            bodyRefusals: measurements.bodyRefusals, firstBodyRefusal: measurements.firstBodyRefusal,
            lateStarts: measurements.lateStarts, lateStartsWaitingForConnection: measurements.lateStartsWaitingForConnection,
            droppedSends: measurements.droppedSends,
            sendsAfterWindow: measurements.sendsAfterWindow, achievedRatePerSecond: achieved,
            targetRatePerSecond: generators.map(\.targetRatePerSecond).reduce(0, +))
        sessions = Sessions(started: measurements.sessionsStarted, complete: measurements.sessionsComplete,
                            incomplete: measurements.sessionsStarted - measurements.sessionsComplete, notStarted: measurements.sessionsNotStarted,
                            uploadsSent: measurements.uploadsSent, uploadsAcknowledged: measurements.uploadsAcknowledged,
                            bodyBytesSent: measurements.bodyBytesSent, bodyBytesUncompressed: measurements.bodyBytesUncompressed)
        latency = Latency(
            corrected: Distribution(measurements.corrected, "from the intended send time (corrected for coordinated omission), answered requests"),
            uncorrected: Distribution(measurements.uncorrected, "from the actual send time (not corrected), answered requests"),
            scheduleSlip: Distribution(measurements.scheduleSlip, "how late each send started after its intended moment"))
        self.readBack = readBack.map {
            ReadBack(sessionsChecked: $0.sessionsChecked, sessionsLost: $0.sessionsLost, sessionsDoubled: $0.sessionsDoubled,
                     lag: Distribution($0.lag, "from a session's last acknowledgement until all its acknowledged uploads were visible"))
        }
        timeline = measurements.timeline
        self.generators = generators
        let summary = LoadSummary(measurements: measurements, achievedRatePerSecond: achieved, readBack: readBack)
        self.thresholds = thresholds.map { $0.evaluate(summary) }
    }

    /// Whether every threshold held.
    public var thresholdsPassed: Bool { thresholds.allSatisfy(\.passed) }

    /// The measurements the report holds, rebuilt exactly (for merging and re-evaluating thresholds).
    public func measurements() throws(LoadInputError) -> LoadMeasurements {
        var result = LoadMeasurements()
        result.requestsSent = requests.sent
        result.requestsAcknowledged = requests.acknowledged
        for (status, count) in requests.statuses {
            guard let code = Int(status) else { throw LoadInputError("$.requests.statuses: '\(status)' is not an HTTP status") }
            result.statuses[code] = count
        }
        for (kind, count) in requests.failures {
            guard let failure = RequestFailure(rawValue: kind) else { throw LoadInputError("$.requests.failures: unknown failure kind '\(kind)'") }
            result.failures[failure] = count
        }
        result.bodyRefusals = requests.bodyRefusals
        result.firstBodyRefusal = requests.firstBodyRefusal
        result.lateStarts = requests.lateStarts
        result.lateStartsWaitingForConnection = requests.lateStartsWaitingForConnection
        result.droppedSends = requests.droppedSends
        result.sendsAfterWindow = requests.sendsAfterWindow
        result.bodyBytesSent = sessions.bodyBytesSent
        result.bodyBytesUncompressed = sessions.bodyBytesUncompressed
        result.uploadsSent = sessions.uploadsSent
        result.uploadsAcknowledged = sessions.uploadsAcknowledged
        result.sessionsStarted = sessions.started
        result.sessionsComplete = sessions.complete
        result.sessionsNotStarted = sessions.notStarted
        result.corrected = try latency.corrected.histogram(path: "$.latency.corrected")
        result.uncorrected = try latency.uncorrected.histogram(path: "$.latency.uncorrected")
        result.scheduleSlip = try latency.scheduleSlip.histogram(path: "$.latency.scheduleSlip")
        result.timeline = timeline
        return result
    }

    /// The read-back sample the report holds, rebuilt exactly.
    public func readBackSample() throws(LoadInputError) -> ReadBackSample? {
        guard let readBack else { return nil }
        var sample = ReadBackSample()
        sample.sessionsChecked = readBack.sessionsChecked
        sample.sessionsLost = readBack.sessionsLost
        sample.sessionsDoubled = readBack.sessionsDoubled
        sample.lag = try readBack.lag.histogram(path: "$.readBack.lag")
        return sample
    }

    /// The summary thresholds read.
    public func summary() throws(LoadInputError) -> LoadSummary {
        LoadSummary(measurements: try measurements(), achievedRatePerSecond: requests.achievedRatePerSecond, readBack: try readBackSample())
    }

    /// Pretty JSON with sorted keys and a trailing newline: the same report gives the same bytes.
    public func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail.
        return Array((try? encoder.encode(self)) ?? Data()) + [10]
    }

    /// Reads a report written by `json()`; the error names `file` and the JSON path of what is wrong.
    public init(json bytes: [UInt8], file: String) throws(LoadInputError) {
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        do {
            self = try JSONDecoder().decode(LoadReport.self, from: Data(text))
        } catch let error as DecodingError {
            // Foundation says only "not valid JSON" of a syntax error, a depth bomb or a number that does not fit its
            // field; the project's reader names the byte, line and path of the first two, and the tree the third.
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                let tree: JSONValue
                do {
                    tree = try JSONReader.parse(text, maximumDepth: Self.maximumDepth)
                } catch {
                    throw LoadInputError("\(file): not JSON: \(error)")
                }
                if let unfit = Self.unfitNumber(in: tree, path: "$") {
                    throw LoadInputError("\(file): \(unfit.path) is \(unfit.value): counts and times are whole numbers from 0, rates and milliseconds not negative")
                }
            }
            throw LoadInputError("\(file): \(Self.words(for: error))")
        } catch {
            throw LoadInputError("\(file): \(error)")
        }
        guard format == Self.formatName else {
            throw LoadInputError("\(file): $.format is '\(format)', not '\(Self.formatName)' (a report from another version?)")
        }
        do {
            _ = try measurements()
            _ = try readBackSample()
        } catch {
            throw LoadInputError("\(file): \(error.message)")
        }
    }

    /// A report nests a few levels; anything deeper is not one.
    static let maximumDepth = 32

    /// The first number a report cannot hold (negative, or past 64 bits), with its path; Foundation's decoder only says "not valid JSON".
    private static func unfitNumber(in value: JSONValue, path: String) -> (path: String, value: String)? {
        switch value {
        case .integer(let number) where number < 0: return (path, String(number))
        case .double(let number) where number < 0 || number >= 18_446_744_073_709_551_616: return (path, String(number))
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = unfitNumber(in: item, path: path + "[\(index)]") { return found }
            }
        case .object(let object):
            for (key, member) in object.sortedMembers {
                if let found = unfitNumber(in: member, path: path + "." + key) { return found }
            }
        default: break
        }
        return nil
    }

    private static func words(for error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            "$" + keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)"
                : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension LoadReport.Distribution {
    init(_ histogram: LatencyHistogram, _ description: String) {
        self.description = description
        count = histogram.totalCount
        let empty = histogram.isEmpty
        minimumMilliseconds = empty ? nil : Double(histogram.minimum) / 1000
        meanMilliseconds = histogram.mean.map { $0 / 1000 }
        maximumMilliseconds = empty ? nil : Double(histogram.maximum) / 1000
        percentiles = empty ? [] : LoadReport.reportedPercentiles.map { percentile in
            LoadReport.Percentile(label: percentile == 100 ? "max" : "p" + Self.number(percentile), percentile: percentile,
                                  milliseconds: Double(histogram.value(atPercentile: percentile)!) / 1000)
        }
        layout = LoadReport.layout
        let nonZero = histogram.nonZeroCounts
        indices = nonZero.map(\.index)
        counts = nonZero.map(\.count)
        saturated = histogram.saturatedCount
        minimumMicroseconds = empty ? 0 : histogram.minimum
        maximumMicroseconds = histogram.maximum
        sumMicroseconds = histogram.sum
    }

    /// The histogram, exactly; the error names `path` when the counters do not fit the layout.
    func histogram(path: String) throws(LoadInputError) -> LatencyHistogram {
        guard layout == LoadReport.layout else { throw LoadInputError("\(path).layout is '\(layout)', not '\(LoadReport.layout)'") }
        guard indices.count == counts.count else { throw LoadInputError("\(path): indices and counts differ in length") }
        var total: UInt64 = saturated
        for value in counts {
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { throw LoadInputError("\(path).counts add up past 2^64: not counts any run made") }
            total = sum
        }
        guard let histogram = LatencyHistogram(nonZeroCounts: Array(zip(indices, counts)).map { ($0.0, $0.1) }, saturatedCount: saturated,
                                               minimum: minimumMicroseconds, maximum: maximumMicroseconds, sum: sumMicroseconds) else {
            throw LoadInputError("\(path).indices: an index is outside 0..<\(LatencyHistogram.countsLength)")
        }
        guard histogram.totalCount == count else { throw LoadInputError("\(path).count is \(count) but the counts add up to \(histogram.totalCount)") }
        return histogram
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
