/// What happened in each interval of a run (requests answered, failed, latency), in at most `capacity` intervals however long it lasts.
///
/// Intervals start one second wide; when a run outgrows `capacity` of them,
/// neighbours are merged pairwise and the width doubles, so memory stays
/// bounded and two timelines of the same run (two shards) still line up and
/// merge exactly after bringing both to the wider width.
public struct Timeline: Sendable, Equatable, Codable {
    /// One interval's numbers.
    public struct Interval: Sendable, Equatable, Codable {
        /// Requests that finished in the interval (answered or failed).
        public var completed: UInt64 = 0
        /// Requests that finished without an acknowledgement.
        public var errors: UInt64 = 0
        /// Requests the schedule meant to send in the interval (by intended moment): the target the throughput is held to.
        public var scheduled: UInt64 = 0
        /// Latency from the intended send time of the answered ones.
        public var corrected = SparseHistogram()
        /// Latency from the actual send time of the answered ones.
        public var uncorrected = SparseHistogram()

        func merged(with other: Interval) -> Interval {
            Interval(completed: completed + other.completed, errors: errors + other.errors, scheduled: scheduled + other.scheduled,
                     corrected: corrected.merged(with: other.corrected), uncorrected: uncorrected.merged(with: other.uncorrected))
        }
    }

    public static let capacity = 256
    /// Each interval's width in microseconds: one second times a power of two.
    public private(set) var intervalMicroseconds: UInt64 = 1_000_000
    public private(set) var intervals: [Interval] = []

    public init() {}

    /// Adds a finished interval's numbers at `microseconds` from the start.
    mutating func add(_ interval: Interval, at microseconds: UInt64) {
        var position = Int(microseconds / intervalMicroseconds)
        while position >= Self.capacity {
            halve()
            position = Int(microseconds / intervalMicroseconds)
        }
        while intervals.count <= position { intervals.append(Interval()) }
        intervals[position] = intervals[position].merged(with: interval)
    }

    /// Counts one request the schedule means to send at `microseconds` from the start.
    mutating func countScheduled(at microseconds: UInt64) {
        while Int(microseconds / intervalMicroseconds) >= Self.capacity { halve() }
        let position = Int(microseconds / intervalMicroseconds)
        while intervals.count <= position { intervals.append(Interval()) }
        intervals[position].scheduled += 1
    }

    /// Both timelines' intervals added together, at the wider of the two widths.
    public func merged(with other: Timeline) -> Timeline {
        var left = self
        var right = other
        while left.intervalMicroseconds < right.intervalMicroseconds { left.halve() }
        while right.intervalMicroseconds < left.intervalMicroseconds { right.halve() }
        var result = left
        for (position, interval) in right.intervals.enumerated() {
            while result.intervals.count <= position { result.intervals.append(Interval()) }
            result.intervals[position] = result.intervals[position].merged(with: interval)
        }
        while result.intervals.count > Self.capacity { result.halve() }
        return result
    }

    /// Merges neighbours pairwise, doubling the width.
    private mutating func halve() {
        var halved: [Interval] = []
        var position = 0
        while position < intervals.count {
            var interval = intervals[position]
            if position + 1 < intervals.count { interval = interval.merged(with: intervals[position + 1]) }
            halved.append(interval)
            position += 2
        }
        intervals = halved
        intervalMicroseconds *= 2
    }
}
