/// When and how long an SDK waits before sending a failed upload again.
///
/// ```swift
/// var policy = RetryPolicy.posthog
/// policy.timeScale = 0.001   // tests: 3 s of backoff becomes 3 ms
/// ```
public struct RetryPolicy: Sendable, Equatable {
    /// Which outcomes are worth another attempt.
    public enum RetryOn: Sendable, Equatable {
        /// Network errors and 5xx (the harness default).
        case networkErrorsAndServerErrors
        /// posthog-js: network errors, any non-2xx below 400, and 5xx; never 4xx.
        case posthog
        /// Sentry's replay sender: network errors only, never a status.
        case networkErrorsOnly
    }

    public enum Backoff: Sendable, Equatable {
        /// `base · multiplier^n` seconds, capped.
        case exponential(base: Double, multiplier: Double, cap: Double)
        /// `step · (n + 1)` seconds.
        case linear(step: Double)
    }

    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    public var backoff: Backoff
    /// ± fraction of each delay chosen at random (seeded): 0.5 is ±50 %.
    public var jitter: Double
    public var retryOn: RetryOn
    /// Whether 429 is retried after its `Retry-After` (or the backoff when it has none).
    public var honourRateLimits: Bool
    /// Multiplies every wait; 1 in real runs, small in tests.
    public var timeScale: Double

    public init(maximumAttempts: Int, backoff: Backoff, jitter: Double = 0, retryOn: RetryOn = .networkErrorsAndServerErrors,
                honourRateLimits: Bool = true, timeScale: Double = 1) {
        self.maximumAttempts = maximumAttempts
        self.backoff = backoff
        self.jitter = jitter
        self.retryOn = retryOn
        self.honourRateLimits = honourRateLimits
        self.timeScale = timeScale
    }

    /// One attempt, no retry.
    public static let none = RetryPolicy(maximumAttempts: 1, backoff: .linear(step: 0))
    /// posthog-js: up to 10 tries, `3000·2^n` ms with ±50 % jitter, capped at 30 min.
    public static let posthog = RetryPolicy(maximumAttempts: 10, backoff: .exponential(base: 3, multiplier: 2, cap: 1800), jitter: 0.5, retryOn: .posthog)
    /// Sentry replay: 3 retries at 5, 10 and 15 s, for network errors only.
    public static let sentry = RetryPolicy(maximumAttempts: 4, backoff: .linear(step: 5), retryOn: .networkErrorsOnly, honourRateLimits: false)
    /// The harness default: 5 tries, 0.5 s doubling, ±20 %.
    public static let standard = RetryPolicy(maximumAttempts: 5, backoff: .exponential(base: 0.5, multiplier: 2, cap: 30), jitter: 0.2)

    /// Whether an attempt that ended with `status` (nil: no response) should be retried.
    public func shouldRetry(status: Int?) -> Bool {
        guard let status else { return true }
        if status == 429 { return honourRateLimits }
        switch retryOn {
        case .networkErrorsAndServerErrors: return status >= 500
        case .posthog: return status >= 500 || (status >= 300 && status < 400)
        case .networkErrorsOnly: return false
        }
    }

    /// Seconds to wait before attempt `attempt + 1` (0-based), before jitter and scaling.
    public func baseDelay(afterAttempt attempt: Int) -> Double {
        switch backoff {
        case .exponential(let base, let multiplier, let cap):
            var value = base
            for _ in 0..<attempt { value *= multiplier; if value >= cap { return cap } }
            return min(value, cap)
        case .linear(let step):
            return step * Double(attempt + 1)
        }
    }
}
