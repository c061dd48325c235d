import ScenarioLanguage
import SessionModel

/// Sentry Replay's own upload rules: a few fixed retries on network errors, none on any HTTP status, and a stopped replay after a drop.
///
/// From `@sentry-internal/replay` (getsentry/sentry-javascript, `packages/replay-internal/src/`):
/// - `util/sendReplay.ts` retries a segment only when the transport itself failed (a
///   network error: `transport.send` rejected), `RETRY_MAX_COUNT` = 3 times, waiting
///   `interval *= ++count` from `RETRY_BASE_INTERVAL` = 5000 ms (`constants.ts`):
///   5 s, 10 s, then 30 s after each failure, with no jitter. So a segment gets at most 4 attempts.
/// - `util/sendReplayRequest.ts` throws `TransportStatusCodeError` for any status outside
///   200–299 ("we want to immediately stop & not retry"), and `RateLimitError` when the
///   response's `X-Sentry-Rate-Limits`/`Retry-After` (read by `updateRateLimits`) limit
///   the `replay` category; `sendReplay` rethrows both without retrying. A 503 is as final as a 413.
/// - `replay.ts` `_runFlush` catches the final error and calls `stop({ reason: 'sendReplay' })`:
///   the replay stops recording, its event buffer is destroyed (later flushes are no-ops,
///   `_flush` returns while `!_isEnabled`), and `clearSession` removes the replay session from
///   `sessionStorage`, so the next page load in the tab starts a new replay.
///
/// The simulator models each: the attempts below; events from the final failure on are not
/// recorded on that page; batches flushed after the dropped one are dropped unsent (no attempts,
/// `gave-up`: destroyed in the buffer, or waiting on the flush lock until the stop); and the next
/// load on that tab and origin gets a new session id. Not modelled: the flush lock's merging of
/// flushes queued behind a segment that is still retrying (they go out as separate batches).
extension Engine {
    /// How many times a Sentry segment is sent again after a network error (`RETRY_MAX_COUNT`).
    static let sentryRetryCount = 3
    /// The first retry's delay; the n-th waits this times n! (`RETRY_BASE_INTERVAL`, `interval *= ++count`).
    static let sentryRetryBaseInterval: Int64 = 5_000

    /// The attempts of one Sentry segment: retried only after network errors, 5 s, 10 s and 30 s after each failure.
    func sentryAttempts(startingAt time: Int64, upload index: Int, transport: String) -> ([UploadAttempt], ScheduledUpload.Outcome) {
        var result: [UploadAttempt] = []
        var at = time
        var interval = Engine.sentryRetryBaseInterval
        for number in 0...Engine.sentryRetryCount {
            let made = attempt(number, ofUpload: index, at: at, transport: transport)
            result.append(made)
            if (200...299).contains(made.status) { return (result, .acknowledged) }
            // TransportStatusCodeError: any other status is final.
            if made.status != 0 { return (result, .rejected) }
            if transport == "beacon" { break }
            if number > 0 { interval *= Int64(number + 1) }
            at = made.completedAt + interval
        }
        return (result, .gaveUp)
    }

    /// After a Sentry segment is dropped, the replay stops when its last attempt fails: nothing later is recorded on the page.
    func stopReplayIfDropped(_ page: PageState, upload index: Int) {
        guard scenario.sdk.kind == .sentry, page.replayStoppedBy == nil else { return }
        let upload = uploads[index]
        guard upload.outcome == .gaveUp || upload.outcome == .rejected, let last = upload.attempts.last else { return }
        page.replayStoppedBy = index
        page.replayStopsAt = last.completedAt
    }

    /// Whether a page's replay stopped for good before `time`: its dropping upload was not cut by an unload first.
    func replayStopped(_ page: PageState, before time: Int64) -> Bool {
        guard let index = page.replayStoppedBy else { return false }
        let upload = uploads[index]
        return (upload.outcome == .gaveUp || upload.outcome == .rejected) && page.replayStopsAt <= time
    }
}
