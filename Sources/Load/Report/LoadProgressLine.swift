import Foundation

/// The live status line of a run on a terminal: elapsed time, rate over the last second, in flight, errors, p50 and p99 so far.
public enum LoadProgressLine {
    public static func render(_ progress: LoadDriver.Progress) -> String {
        func milliseconds(_ value: UInt64?) -> String { value.map { String(format: "%.1f ms", Double($0) / 1000) } ?? "-" }
        return "\(progress.elapsedMicroseconds / 1_000_000) s  \(progress.completedLastSecond)/s  in flight \(progress.inFlight)  errors \(progress.errors)  p50 \(milliseconds(progress.p50Microseconds))  p99 \(milliseconds(progress.p99Microseconds)) (corrected)"
    }
}
