import LoadHTTP

/// Everything one run (or a merge of shard runs) counted: requests, failures by kind, latency histograms, sessions and the timeline.
///
/// Every member adds exactly, so `merged(with:)` of shard measurements equals
/// the measurements of one process that did all their work.
public struct LoadMeasurements: Sendable, Equatable {
    /// Requests handed to a connection.
    public var requestsSent: UInt64 = 0
    /// Requests answered with a status the adapter counts as an acknowledgement.
    public var requestsAcknowledged: UInt64 = 0
    /// Answers by status (for every answered request, acknowledged or not).
    public var statuses: [Int: UInt64] = [:]
    /// Requests without an answer, by kind.
    public var failures: [RequestFailure: UInt64] = [:]
    /// Answers with an accepting status whose body said the upload was not taken (the adapter's body rule), and the first one's words.
    public var bodyRefusals: UInt64 = 0
    public var firstBodyRefusal: String?
    /// Sends started more than `LoadDriver.lateThresholdMicroseconds` after their intended moment.
    public var lateStarts: UInt64 = 0
    /// The late starts that had waited for a free connection (every one was busy with an answer not yet come): the endpoint's pace, not the generator's.
    public var lateStartsWaitingForConnection: UInt64 = 0
    /// Sends that were due within the run but never made: still waiting when the drain time ran out.
    public var droppedSends: UInt64 = 0
    /// Sends planned for after `--duration` + `--drain`: sessions that outlast the run. Not attempted, and nobody's failure.
    public var sendsAfterWindow: UInt64 = 0
    /// Request bodies as sent, and as they were before the adapter compressed them.
    public var bodyBytesSent: UInt64 = 0
    public var bodyBytesUncompressed: UInt64 = 0
    /// Uploads (batches) sent, and acknowledged.
    public var uploadsSent: UInt64 = 0
    public var uploadsAcknowledged: UInt64 = 0
    /// Load sessions begun, and those with every upload acknowledged.
    public var sessionsStarted: UInt64 = 0
    public var sessionsComplete: UInt64 = 0
    /// Sessions whose arrival came but that never started: every connection was busy until the run ended.
    public var sessionsNotStarted: UInt64 = 0
    /// Latency from the intended send time (corrected for coordinated omission) and from the actual send time, answered requests only.
    public var corrected = LatencyHistogram()
    public var uncorrected = LatencyHistogram()
    /// How late each send started after its intended moment.
    public var scheduleSlip = LatencyHistogram()
    public var timeline = Timeline()

    public init() {}

    /// Requests that ended without an acknowledgement: no answer, or an answer that is not one.
    public var errors: UInt64 { requestsSent - requestsAcknowledged }

    /// `errors` as a fraction of the requests sent, or nil when none were.
    public var errorRate: Double? {
        requestsSent == 0 ? nil : Double(errors) / Double(requestsSent)
    }

    /// Both added together.
    public func merged(with other: LoadMeasurements) -> LoadMeasurements {
        var result = self
        result.requestsSent += other.requestsSent
        result.requestsAcknowledged += other.requestsAcknowledged
        result.statuses.merge(other.statuses, uniquingKeysWith: +)
        result.failures.merge(other.failures, uniquingKeysWith: +)
        result.bodyRefusals += other.bodyRefusals
        result.firstBodyRefusal = result.firstBodyRefusal ?? other.firstBodyRefusal
        result.lateStarts += other.lateStarts
        result.lateStartsWaitingForConnection += other.lateStartsWaitingForConnection
        result.droppedSends += other.droppedSends
        result.sendsAfterWindow += other.sendsAfterWindow
        result.bodyBytesSent += other.bodyBytesSent
        result.bodyBytesUncompressed += other.bodyBytesUncompressed
        result.uploadsSent += other.uploadsSent
        result.uploadsAcknowledged += other.uploadsAcknowledged
        result.sessionsStarted += other.sessionsStarted
        result.sessionsComplete += other.sessionsComplete
        result.sessionsNotStarted += other.sessionsNotStarted
        result.corrected.merge(other.corrected)
        result.uncorrected.merge(other.uncorrected)
        result.scheduleSlip.merge(other.scheduleSlip)
        result.timeline = timeline.merged(with: other.timeline)
        return result
    }
}
