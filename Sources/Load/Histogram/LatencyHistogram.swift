/// A fixed-memory log-linear histogram of durations in microseconds, 1 µs to 1 h at 3 significant digits, that merges exactly.
///
/// The layout is HdrHistogram's: 2048 linear sub-buckets (enough for three
/// decimal digits) in each of 22 power-of-two buckets, 23,552 counters in all,
/// however many values are recorded. Two histograms merge by adding counters
/// index by index, so the merge of shards equals one histogram of everything.
/// A value is reported as the highest value of its bucket, so a percentile is
/// never under-stated by more than one part in a thousand.
///
/// ```swift
/// var histogram = LatencyHistogram()
/// histogram.record(microseconds: 1_250)
/// histogram.value(atPercentile: 99)   // 1_250 (within 0.1 %)
/// ```
public struct LatencyHistogram: Sendable, Equatable {
    /// The largest value tracked exactly: one hour in microseconds; larger values are recorded as this and counted in `saturatedCount`.
    public static let highestTrackable: UInt64 = 3_600_000_000
    /// Significant decimal digits kept.
    public static let significantDigits = 3
    static let subBucketCount = 2048
    static let subBucketHalfCount = 1024
    static let subBucketHalfCountMagnitude = 10
    static let subBucketMask: UInt64 = 2047
    /// Power-of-two buckets needed to reach `highestTrackable`.
    public static let bucketCount: Int = {
        var smallestUntrackable = UInt64(subBucketCount)
        var buckets = 1
        while smallestUntrackable <= highestTrackable {
            smallestUntrackable <<= 1
            buckets += 1
        }
        return buckets
    }()
    /// How many counters every histogram holds.
    public static let countsLength = (bucketCount + 1) * subBucketHalfCount

    /// The counter of each index; the index of a value is `index(of:)`.
    public private(set) var counts: [UInt64]
    public private(set) var totalCount: UInt64 = 0
    /// Values above `highestTrackable`, recorded as it.
    public private(set) var saturatedCount: UInt64 = 0
    public private(set) var minimum: UInt64 = .max
    public private(set) var maximum: UInt64 = 0
    /// The sum of every recorded value (after clamping), for the mean.
    public private(set) var sum: UInt64 = 0

    public init() {
        counts = [UInt64](repeating: 0, count: Self.countsLength)
    }

    public var isEmpty: Bool { totalCount == 0 }

    /// Records one value of `microseconds`.
    public mutating func record(microseconds value: UInt64) {
        record(microseconds: value, count: 1)
    }

    /// Records `count` values of `microseconds` at once.
    public mutating func record(microseconds value: UInt64, count: UInt64) {
        guard count > 0 else { return }
        var clamped = value
        if value > Self.highestTrackable {
            clamped = Self.highestTrackable
            saturatedCount &+= count
        }
        counts[Self.index(of: clamped)] &+= count
        totalCount &+= count
        sum &+= clamped &* count
        minimum = min(minimum, clamped)
        maximum = max(maximum, clamped)
    }

    /// Adds every counter of `other`: the result is the histogram of both sets of values.
    public mutating func merge(_ other: LatencyHistogram) {
        for index in other.counts.indices where other.counts[index] != 0 {
            counts[index] &+= other.counts[index]
        }
        totalCount &+= other.totalCount
        saturatedCount &+= other.saturatedCount
        sum &+= other.sum
        minimum = min(minimum, other.minimum)
        maximum = max(maximum, other.maximum)
    }

    /// The mean in microseconds, or nil when empty.
    public var mean: Double? {
        totalCount == 0 ? nil : Double(sum) / Double(totalCount)
    }

    /// The standard deviation in microseconds from the bucket midpoints, or nil when empty.
    public var standardDeviation: Double? {
        guard let mean else { return nil }
        var squares = 0.0
        for index in counts.indices where counts[index] != 0 {
            let deviation = Double(Self.medianEquivalent(Self.value(at: index))) - mean
            squares += deviation * deviation * Double(counts[index])
        }
        return (squares / Double(totalCount)).squareRoot()
    }

    /// The smallest recorded value `v` such that `percentile` % of values are at most `v` (reported as its bucket's highest value, capped by the maximum); nil when empty.
    public func value(atPercentile percentile: Double) -> UInt64? {
        guard totalCount > 0 else { return nil }
        let clampedPercentile = min(max(percentile, 0), 100)
        let wanted = max(1, UInt64((clampedPercentile / 100 * Double(totalCount)).rounded(.up)))
        var cumulative: UInt64 = 0
        for index in counts.indices where counts[index] != 0 {
            cumulative += counts[index]
            if cumulative >= wanted {
                return min(Self.highestEquivalent(Self.value(at: index)), maximum)
            }
        }
        return maximum
    }

    /// The non-zero counters as (index, count), in index order: the compact form reports carry.
    public var nonZeroCounts: [(index: Int, count: UInt64)] {
        counts.indices.lazy.filter { counts[$0] != 0 }.map { ($0, counts[$0]) }
    }

    /// A histogram rebuilt from its non-zero counters and extremes; nil when an index is outside the layout.
    public init?(nonZeroCounts: [(index: Int, count: UInt64)], saturatedCount: UInt64, minimum: UInt64, maximum: UInt64, sum: UInt64) {
        self.init()
        for (index, count) in nonZeroCounts {
            guard counts.indices.contains(index) else { return nil }
            counts[index] &+= count
            totalCount &+= count
        }
        self.saturatedCount = saturatedCount
        self.sum = sum
        if totalCount > 0 {
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    // MARK: The layout

    /// The counter index that holds `value`.
    public static func index(of value: UInt64) -> Int {
        let bucket = bucketIndex(of: value)
        let subBucket = Int(value >> UInt64(bucket))
        return ((bucket + 1) << subBucketHalfCountMagnitude) + (subBucket - subBucketHalfCount)
    }

    /// The lowest value counter `index` holds.
    public static func value(at index: Int) -> UInt64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 {
            subBucket -= subBucketHalfCount
            bucket = 0
        }
        return UInt64(subBucket) << UInt64(bucket)
    }

    /// The highest value counted together with `value`.
    public static func highestEquivalent(_ value: UInt64) -> UInt64 {
        lowestEquivalent(value) + equivalentRange(value) - 1
    }

    static func lowestEquivalent(_ value: UInt64) -> UInt64 {
        let bucket = bucketIndex(of: value)
        return (value >> UInt64(bucket)) << UInt64(bucket)
    }

    static func medianEquivalent(_ value: UInt64) -> UInt64 {
        lowestEquivalent(value) + equivalentRange(value) / 2
    }

    /// How many distinct values share `value`'s counter.
    static func equivalentRange(_ value: UInt64) -> UInt64 {
        let bucket = bucketIndex(of: value)
        let subBucket = Int(value >> UInt64(bucket))
        return UInt64(1) << UInt64(subBucket >= subBucketCount ? bucket + 1 : bucket)
    }

    private static func bucketIndex(of value: UInt64) -> Int {
        let powerOfTwoCeiling = 64 - (value | subBucketMask).leadingZeroBitCount
        return powerOfTwoCeiling - (subBucketHalfCountMagnitude + 1)
    }
}
