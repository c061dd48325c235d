import Foundation

extension LatencyHistogram {
    /// One row of the percentile distribution: the value (µs) at or below which `percentile` % of values lie, and how many do.
    public struct PercentileStep: Sendable, Equatable {
        public var value: UInt64
        public var percentile: Double
        public var cumulativeCount: UInt64
    }

    /// The distribution at HdrHistogram's steps: five per halving of the distance to 100 %, then 100 % itself.
    ///
    /// This is what the `.hgrm` file lists and what the percentile-spectrum plot draws.
    public func percentileSteps(ticksPerHalfDistance: Int = 5) -> [PercentileStep] {
        guard totalCount > 0 else { return [] }
        var steps: [PercentileStep] = []
        var target = 0.0
        var cumulative: UInt64 = 0
        for index in counts.indices where counts[index] != 0 {
            cumulative += counts[index]
            let value = min(Self.highestEquivalent(Self.value(at: index)), maximum)
            let reached = 100 * Double(cumulative) / Double(totalCount)
            while reached >= target, target < 100 {
                steps.append(PercentileStep(value: value, percentile: target, cumulativeCount: cumulative))
                let halvings = (100 / (100 - target)).log2Floor + 1
                let ticks = Double(ticksPerHalfDistance) * pow(2, Double(halvings))
                target += 100 / ticks
                // Past the last value, finer steps would only repeat it: stop once they resolve less than one value.
                if cumulative == totalCount, 100 / (100 - target) > Double(totalCount) { break }
            }
        }
        steps.append(PercentileStep(value: maximum, percentile: 100, cumulativeCount: totalCount))
        return steps
    }

    /// The percentile distribution in HdrHistogram's `.hgrm` text format, values in milliseconds, readable by its plotter.
    public func hgrm() -> String {
        let digits = Self.significantDigits
        func padded(_ word: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - word.count)) + word }
        var text = padded("Value", 12) + " " + padded("Percentile", 14) + " " + padded("TotalCount", 10) + " " + padded("1/(1-Percentile)", 14) + "\n\n"
        func milliseconds(_ microseconds: UInt64) -> String { String(format: "%12.\(digits)f", Double(microseconds) / 1000) }
        for step in percentileSteps() {
            let fraction = step.percentile / 100
            if step.percentile < 100 {
                text += milliseconds(step.value) + String(format: " %2.12f %10llu %14.2f\n", fraction, step.cumulativeCount, 1 / (1 - fraction))
            } else {
                text += milliseconds(step.value) + String(format: " %2.12f %10llu\n", fraction, step.cumulativeCount)
            }
        }
        let meanText = String(format: "%12.\(digits)f", (mean ?? 0) / 1000)
        let deviationText = String(format: "%12.\(digits)f", (standardDeviation ?? 0) / 1000)
        text += "#[Mean    = \(meanText), StdDeviation   = \(deviationText)]\n"
        text += "#[Max     = \(milliseconds(totalCount == 0 ? 0 : maximum)), Total count    = \(String(format: "%12llu", totalCount))]\n"
        text += "#[Buckets = \(String(format: "%12d", Self.bucketCount)), SubBuckets     = \(String(format: "%12d", Self.subBucketCount))]\n"
        return text
    }
}

extension Double {
    /// ⌊log₂ self⌋ for a finite value of at least 1.
    fileprivate var log2Floor: Int {
        guard self >= 1, isFinite else { return 0 }
        return Int(Foundation.log2(self).rounded(.down))
    }
}
