/// A `LatencyHistogram`'s non-zero counters only, sorted by index, optionally in groups of neighbouring counters: the form timelines keep, merged exactly.
///
/// A timeline keeps one per interval, so it groups 32 neighbouring counters
/// into one (about 3 % resolution instead of 0.1 %), which keeps a long run's
/// timeline small; groups never straddle a bucket, so grouped histograms still
/// add exactly.
public struct SparseHistogram: Sendable, Equatable, Codable {
    /// How many neighbouring counters of `LatencyHistogram`'s layout each entry holds (a power of two).
    public var groupSize: Int
    /// The first counter index of each non-empty group, ascending.
    public var indices: [Int]
    public var counts: [UInt64]

    /// The resolution timelines use.
    public static let timelineGroupSize = 32

    public init(groupSize: Int = 1) {
        self.groupSize = groupSize
        indices = []
        counts = []
    }

    public init(_ histogram: LatencyHistogram, groupSize: Int = 1) {
        self.init(groupSize: groupSize)
        for (index, count) in histogram.nonZeroCounts {
            let group = index - index % groupSize
            if indices.last == group {
                counts[counts.count - 1] += count
            } else {
                indices.append(group)
                counts.append(count)
            }
        }
    }

    public var totalCount: UInt64 { counts.reduce(0, &+) }

    /// The sum of both, index by index (an empty one takes the other's grouping).
    public func merged(with other: SparseHistogram) -> SparseHistogram {
        if indices.isEmpty { return other }
        if other.indices.isEmpty { return self }
        precondition(groupSize == other.groupSize, "histograms of different resolutions do not add")
        var result = SparseHistogram(groupSize: groupSize)
        var left = 0
        var right = 0
        while left < indices.count || right < other.indices.count {
            if right == other.indices.count || (left < indices.count && indices[left] < other.indices[right]) {
                result.indices.append(indices[left]); result.counts.append(counts[left]); left += 1
            } else if left == indices.count || other.indices[right] < indices[left] {
                result.indices.append(other.indices[right]); result.counts.append(other.counts[right]); right += 1
            } else {
                result.indices.append(indices[left]); result.counts.append(counts[left] &+ other.counts[right]); left += 1; right += 1
            }
        }
        return result
    }

    /// The value (µs) at `percentile`: the highest value of the group it falls in; nil when empty.
    public func value(atPercentile percentile: Double) -> UInt64? {
        let total = totalCount
        guard total > 0 else { return nil }
        let wanted = max(1, UInt64((min(max(percentile, 0), 100) / 100 * Double(total)).rounded(.up)))
        var cumulative: UInt64 = 0
        for (offset, count) in counts.enumerated() {
            cumulative += count
            if cumulative >= wanted { return LatencyHistogram.highestEquivalent(LatencyHistogram.value(at: indices[offset] + groupSize - 1)) }
        }
        return nil
    }
}
