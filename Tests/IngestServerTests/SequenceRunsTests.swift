@testable import IngestServer
import SessionModel
import Testing

/// The batch index's record of a stream's stored sequences: exact as a set, and one run for a stream in order.
@Suite("Sequence runs")
struct SequenceRunsTests {
    @Test("a stream sent in order is one run, however long")
    func inOrderIsOneRun() {
        var runs = SequenceRuns()
        for sequence in 0..<10_000 { runs.insert(Int64(sequence)) }
        #expect(runs.runs == [0...9_999])
        #expect(runs.contains(0) && runs.contains(9_999) && !runs.contains(10_000) && !runs.contains(-1))
    }

    @Test("out-of-order, repeated and extreme sequences give exactly the set inserted, as merged runs")
    func matchesASet() {
        var generator = SplitMix64(seed: 7)
        var runs = SequenceRuns()
        var expected = Set<Int64>()
        for _ in 0..<3_000 {
            let value = Int64(generator.next() % 400) - 200
            runs.insert(value)
            expected.insert(value)
        }
        for value in [Int64.min, Int64.max, Int64.max - 1] {
            runs.insert(value)
            expected.insert(value)
        }
        for value in Int64(-260)...260 { #expect(runs.contains(value) == expected.contains(value), "\(value)") }
        #expect(runs.contains(.min) && runs.contains(.max) && !runs.contains(.max - 2))
        // Sorted, disjoint and not touching: otherwise memory would grow with what merging should absorb.
        for (left, right) in zip(runs.runs, runs.runs.dropFirst()) { #expect(left.upperBound + 1 < right.lowerBound) }
        #expect(runs.runs.reduce(0) { $0 + $1.count } == expected.count)
    }
}
