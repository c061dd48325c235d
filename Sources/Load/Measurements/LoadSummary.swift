/// What thresholds and reports read: the measurements, the run's achieved rate, and the read-back sample when one was taken.
public struct LoadSummary: Sendable {
    public var measurements: LoadMeasurements
    /// Requests sent per second between the start and the last send, or nil when none were sent.
    public var achievedRatePerSecond: Double?
    public var readBack: ReadBackSample?

    public init(measurements: LoadMeasurements, achievedRatePerSecond: Double?, readBack: ReadBackSample?) {
        self.measurements = measurements
        self.achievedRatePerSecond = achievedRatePerSecond
        self.readBack = readBack
    }
}

/// What reading back a sample of the sessions found: how many were checked, lost or doubled, and how long they took to become visible.
public struct ReadBackSample: Sendable, Equatable {
    public var sessionsChecked: UInt64 = 0
    /// Sessions with an acknowledged upload that was not stored.
    public var sessionsLost: UInt64 = 0
    /// Sessions with an upload stored more than once.
    public var sessionsDoubled: UInt64 = 0
    /// From a session's last acknowledgement to every acknowledged upload being visible.
    public var lag = LatencyHistogram()

    public init() {}

    public func merged(with other: ReadBackSample) -> ReadBackSample {
        var result = self
        result.sessionsChecked += other.sessionsChecked
        result.sessionsLost += other.sessionsLost
        result.sessionsDoubled += other.sessionsDoubled
        result.lag.merge(other.lag)
        return result
    }
}
