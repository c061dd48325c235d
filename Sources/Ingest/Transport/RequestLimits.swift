import Foundation

/// The limits every request of a run keeps: a time limit per request and one deadline for the whole run.
///
/// They travel as a task-local value, so read-back and erasure requests
/// made deep inside a target keep the same limits as uploads:
///
/// ```swift
/// try await RequestLimits.$current.withValue(RequestLimits(timeoutSeconds: 5, deadlineSeconds: 120)) {
///     try await runEverything()
/// }
/// ```
public struct RequestLimits: Sendable {
    /// How long one request may take, from connecting to the last byte of the answer.
    public var timeoutSeconds: Double
    /// When the whole run must be over; nil for no deadline.
    public var deadline: ContinuousClock.Instant?
    /// The deadline's length as given, for messages.
    public var deadlineSeconds: Double?
    /// Told about each wait, for progress on a terminal.
    public var observer: (@Sendable (TransportProgress) -> Void)?

    public init(timeoutSeconds: Double = 30, deadlineSeconds: Double? = nil, observer: (@Sendable (TransportProgress) -> Void)? = nil) {
        self.timeoutSeconds = timeoutSeconds
        self.deadlineSeconds = deadlineSeconds
        deadline = deadlineSeconds.map { ContinuousClock.now.advanced(by: .milliseconds(Int64($0 * 1000))) }
        self.observer = observer
    }

    @TaskLocal public static var current = RequestLimits()

    /// Seconds left before the deadline (infinity without one).
    public var remainingSeconds: Double {
        guard let deadline else { return .infinity }
        let left = ContinuousClock.now.duration(to: deadline)
        return Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
    }
}

/// What the transport is doing, for a progress line: a request under way or a wait before the next attempt.
public enum TransportProgress: Sendable, Equatable {
    case sending(request: String, attempt: Int, of: Int)
    case waiting(request: String, nextAttempt: Int, of: Int, seconds: Double, lastOutcome: String)

    /// The progress in words: `POST /v1/batches: attempt 2 of 5` or `…: attempt 3 of 5 in 2.0 s (last: answered 503)`.
    public var words: String {
        switch self {
        case .sending(let request, let attempt, let total):
            return "\(request): attempt \(attempt) of \(total)"
        case .waiting(let request, let next, let total, let seconds, let last):
            return "\(request): attempt \(next) of \(total) in \(String(format: "%.1f", seconds)) s (last: \(last))"
        }
    }
}
