/// A `LatencyHistogram`'s non-zero counters only, sorted by index: the form timelines and reports keep, merged exactly.
public struct SparseHistogram: Sendable, Equatable, Codable {
    /// The counter indices of `LatencyHistogram`'s layout, ascending.
    public var indices: [Int]
    public var counts: [UInt64]

    public init() {
        indices = []
        counts = []
    }

    public init(_ histogram: LatencyHistogram) {
        let nonZero = histogram.nonZeroCounts
        indices = nonZero.map(\.index)
        counts = nonZero.map(\.count)
    }

    public var totalCount: UInt64 { counts.reduce(0, &+) }

    /// The sum of both, index by index.
    public func merged(with other: SparseHistogram) -> SparseHistogram {
        var result = SparseHistogram()
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

    /// The value (µs) at `percentile`, as `LatencyHistogram.value(atPercentile:)` would give without the maximum cap; nil when empty.
    public func value(atPercentile percentile: Double) -> UInt64? {
        let total = totalCount
        guard total > 0 else { return nil }
        let wanted = max(1, UInt64((min(max(percentile, 0), 100) / 100 * Double(total)).rounded(.up)))
        var cumulative: UInt64 = 0
        for (offset, count) in counts.enumerated() {
            cumulative += count
            if cumulative >= wanted { return LatencyHistogram.highestEquivalent(LatencyHistogram.value(at: indices[offset])) }
        }
        return nil
    }
}
