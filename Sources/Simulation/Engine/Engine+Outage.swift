import ScenarioLanguage

/// A stretch of virtual time in which the collector fails every upload attempt one way.
struct CollectorOutageWindow: Sendable {
    var start: Int64
    var end: Int64
    var failure: OutageFailure

    /// The status and latency an attempt made inside the window gets (0 is a network error).
    func answer(latency: Int64) -> (status: Int, latency: Int64) {
        switch failure {
        case .status(let status): return (status, latency)
        case .timeout: return (0, CollectorOutageWindow.requestTimeout)
        case .offline: return (0, 1)
        }
    }

    /// How long an unanswered upload waits before the SDK gives the attempt up (the harness's model, 10 s).
    static let requestTimeout: Int64 = 10_000
}

/// Scripted collector outages: the SDK's own uploads fail while one lasts, and its retry rules decide what is kept.
///
/// Each attempt inside an outage fails as scripted; the retry schedule (`attempts`)
/// then retries, delivers after the outage ends, or gives the batch up, which the
/// upload's outcome (`gave-up`) records as dropped by the SDK. While the browser is
/// offline PostHog holds its retries until it is back online (posthog-js
/// `src/request-queue.ts`/`retry-queue.ts`: the retry queue polls only while
/// `navigator.onLine`, and flushes on the `online` event); the other families retry on
/// their schedule and fail at once while offline.
extension Engine {
    func beginOutage(_ duration: Int64, _ failure: OutageFailure) {
        outages.append(CollectorOutageWindow(start: clock, end: clock + duration, failure: failure))
    }

    /// The outage in force at `time`, the latest begun when several overlap.
    func outage(at time: Int64) -> CollectorOutageWindow? {
        outages.last { $0.start <= time && time < $0.end }
    }

    /// When a retry planned for `time` happens: PostHog waits for the browser to come back online.
    func retryTimeWhileOffline(_ time: Int64) -> Int64 {
        guard scenario.sdk.kind == .posthog, let outage = outage(at: time), outage.failure == .offline else { return time }
        return outage.end
    }
}
