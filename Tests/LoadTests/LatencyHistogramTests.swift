import Load
import Testing

@Suite struct LatencyHistogramTests {
    @Test func holdsOneMicrosecondToOneHourInFixedCounters() {
        #expect(LatencyHistogram.bucketCount == 22)
        #expect(LatencyHistogram.countsLength == 23_552)
        var histogram = LatencyHistogram()
        for value: UInt64 in [0, 1, 999, 1_000_000, 3_600_000_000, 7_200_000_000] { histogram.record(microseconds: value) }
        #expect(histogram.counts.count == 23_552)
        #expect(histogram.saturatedCount == 1)
        #expect(histogram.maximum == LatencyHistogram.highestTrackable)
    }

    @Test(arguments: [UInt64(1), 7, 2047, 2048, 2049, 10_000, 123_456, 999_999, 5_000_000, 60_000_000, 3_599_999_999])
    func keepsThreeSignificantDigits(value: UInt64) {
        let index = LatencyHistogram.index(of: value)
        let low = LatencyHistogram.value(at: index)
        let high = LatencyHistogram.highestEquivalent(value)
        #expect(low <= value && value <= high)
        // Every value in the bucket is within 0.1 % of the value.
        #expect(Double(high - low) <= Double(value) / 1000 + 1e-9 || high == low)
        #expect(LatencyHistogram.index(of: low) == index)
        #expect(LatencyHistogram.index(of: high) == index)
        #expect(LatencyHistogram.index(of: high + 1) == index + 1)
    }

    @Test func percentilesOfOneToTenThousand() {
        var histogram = LatencyHistogram()
        for value in 1...10_000 { histogram.record(microseconds: UInt64(value)) }
        #expect(histogram.value(atPercentile: 50) == 5_003)   // 5000 shares a counter with 5001...5003
        #expect(histogram.value(atPercentile: 99) == 9_903)
        #expect(histogram.value(atPercentile: 100) == 10_000)
        #expect(histogram.value(atPercentile: 0) == 1)
        #expect(histogram.mean == 5_000.5)
        #expect(LatencyHistogram().value(atPercentile: 50) == nil)
    }

    @Test func mergeEqualsOneHistogramOfEverything() {
        var all = LatencyHistogram()
        var parts = [LatencyHistogram](repeating: LatencyHistogram(), count: 4)
        var value: UInt64 = 17
        for step in 0..<50_000 {
            value = (value &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407)
            let sample = (value >> 33) % 5_000_000
            all.record(microseconds: sample)
            parts[step % 4].record(microseconds: sample)
        }
        var merged = LatencyHistogram()
        for part in parts { merged.merge(part) }
        #expect(merged == all)
        #expect(merged.counts == all.counts)
        #expect(merged.value(atPercentile: 99.9) == all.value(atPercentile: 99.9))
    }

    @Test func sparseFormRoundTripsAndMergesExactly() {
        var a = LatencyHistogram()
        var b = LatencyHistogram()
        for value in stride(from: UInt64(1), to: 100_000, by: 37) { a.record(microseconds: value) }
        for value in stride(from: UInt64(5), to: 300_000, by: 91) { b.record(microseconds: value) }
        var both = a
        both.merge(b)
        let sparse = SparseHistogram(a).merged(with: SparseHistogram(b))
        #expect(sparse == SparseHistogram(both))
        let grouped = SparseHistogram(a, groupSize: 32).merged(with: SparseHistogram(b, groupSize: 32))
        #expect(grouped == SparseHistogram(both, groupSize: 32))
        #expect(grouped.totalCount == both.totalCount)
        #expect(grouped.indices.count < sparse.indices.count / 8)
        // A group's percentile is its highest value: at most ~3 % above the exact one, never below.
        let exact = try! #require(both.value(atPercentile: 99))
        let coarse = try! #require(grouped.value(atPercentile: 99))
        #expect(coarse >= exact && Double(coarse) <= Double(exact) * 1.04)
        let rebuilt = LatencyHistogram(nonZeroCounts: both.nonZeroCounts, saturatedCount: 0, minimum: both.minimum, maximum: both.maximum, sum: both.sum)
        #expect(rebuilt == both)
    }

    @Test func hgrmListsThePercentileDistributionInMilliseconds() {
        var histogram = LatencyHistogram()
        for value in 1...1000 { histogram.record(microseconds: UInt64(value) * 1000) }
        let lines = histogram.hgrm().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "       Value     Percentile TotalCount 1/(1-Percentile)")
        #expect(lines[1] == "")
        #expect(lines[2] == "       1.000 0.000000000000          1           1.00")
        #expect(lines.contains("     500.223 0.500000000000        500           2.00"))
        #expect(lines.contains("    1000.000 1.000000000000       1000"))
        #expect(lines.contains { $0.hasPrefix("#[Mean    =      500.500, StdDeviation   =      288.") })
        #expect(lines.contains("#[Max     =     1000.000, Total count    =         1000]"))
        #expect(lines.contains("#[Buckets =           22, SubBuckets     =         2048]"))
    }
}
