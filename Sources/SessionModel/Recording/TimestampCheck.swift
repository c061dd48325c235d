/// Finds timestamps that cannot be right: an event far earlier than the one before it, or a jump of more than a day.
///
/// Recorders merge buffers, so an event a few milliseconds before its
/// predecessor is normal and passes; an event more than `toleratedStepBack`
/// earlier or a gap longer than `longestGap` is reported with the event's
/// number. Replay still sorts by timestamp, so such an event moves.
///
/// ```swift
/// var check = TimestampCheck()
/// if let problem = check.next(1_700_000_000_000) { print(problem) }
/// ```
public struct TimestampCheck: Sendable {
    public static let toleratedStepBack: Int64 = 60_000
    public static let longestGap: Int64 = 24 * 3_600_000

    private var previous: Int64?

    public init() {}

    /// Checks the next event's timestamp; returns what is wrong with it, or nil.
    public mutating func next(_ timestamp: Int64) -> String? {
        defer { previous = timestamp }
        guard let previous else { return nil }
        if timestamp < previous - Self.toleratedStepBack {
            return "timestamp \(timestamp) is \(Self.words(previous - timestamp)) before the previous event's (\(previous)); replay moves the event to its time"
        }
        if timestamp > previous + Self.longestGap {
            return "timestamp \(timestamp) is \(Self.words(timestamp - previous)) after the previous event's (\(previous))"
        }
        return nil
    }

    private static func words(_ milliseconds: Int64) -> String {
        let minutes = milliseconds / 60_000
        if minutes < 120 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 48 { return "\(hours) h" }
        return "\(hours / 24) days"
    }
}
