import Foundation
import Ingest
import LoadHTTP
import SessionModel
import Synchronization

/// A sampled session that has finished sending: what the endpoint acknowledged of it, and when the last acknowledgement came.
public struct SampledSession: Sendable {
    public var number: Int
    public var acknowledged: [BatchKey]
    /// Monotonic microseconds (`MonotonicClock`).
    public var lastAcknowledgedAt: UInt64
}

/// Reads back a sample of sessions while the load runs: the ingest lag until each is visible, and whether any was lost or doubled.
///
/// The driver hands over each sampled session when its last request has
/// finished; a task of its own polls the endpoint's read-back for it every
/// 50 ms until every acknowledged upload is stored (the lag is measured from
/// the last acknowledgement) or `visibilityTimeout` passes from its first
/// poll (the session is lost). Up to `maximumConcurrentChecks` sessions are polled at once, so a
/// slow or lost session does not add its wait to the lag of the ones after it.
/// An upload stored more than once makes the session doubled.
public final class ReadBackSampler: Sendable {
    private let readBack: any ReadBack
    private let visibilityTimeoutMicroseconds: UInt64
    private let queue = Mutex<(waiting: [SampledSession], finished: Bool)>(([], false))
    private let result = Mutex(ReadBackSample())

    public init(readBack: any ReadBack, visibilityTimeoutSeconds: Double = 10) {
        self.readBack = readBack
        visibilityTimeoutMicroseconds = UInt64(visibilityTimeoutSeconds * 1_000_000)
    }

    /// Queues `session` for reading back (from any thread).
    public func submit(_ session: SampledSession) {
        guard !session.acknowledged.isEmpty else { return }
        queue.withLock { $0.waiting.append(session) }
    }

    /// Reads back what is queued until `finishSubmitting()` has been called and the queue is empty; returns the sample.
    public func run() async -> ReadBackSample {
        await withTaskGroup(of: Void.self) { checks in
            var running = 0
            while true {
                let next: SampledSession?
                let done: Bool
                (next, done) = queue.withLock { state in
                    state.waiting.isEmpty ? (nil, state.finished) : (state.waiting.removeFirst(), false)
                }
                if let next {
                    if running == Self.maximumConcurrentChecks {
                        await checks.next()
                        running -= 1
                    }
                    checks.addTask { await self.check(next) }
                    running += 1
                } else if done {
                    break
                } else {
                    try? await Task.sleep(nanoseconds: 20_000_000)
                }
            }
            await checks.waitForAll()
        }
        return result.withLock { $0 }
    }

    /// How many sampled sessions are polled at once; more wait their turn (and their lag includes the wait).
    public static let maximumConcurrentChecks = 8

    /// Says no more sessions will come; `run` returns once the queued ones are checked.
    public func finishSubmitting() {
        queue.withLock { $0.finished = true }
    }

    private func check(_ session: SampledSession) async {
        let bySession = Dictionary(grouping: session.acknowledged, by: \.sessionId)
        var lost = false
        var doubled = false
        var visibleAt: UInt64 = 0
        // The time allowed runs from the later of the last acknowledgement and the first poll: a sampler
        // held back (a busy machine, more sessions than checks at once) must not call a stored session lost.
        let allowedFrom = max(session.lastAcknowledgedAt, MonotonicClock.microseconds())
        for sessionId in bySession.keys.sorted() {
            let wanted = Set(bySession[sessionId]!)
            while true {
                let stored = (try? await readBack.batches(session: sessionId)) ?? []
                let keys = stored.map(BatchKey.init)
                let now = MonotonicClock.microseconds()
                if wanted.isSubset(of: Set(keys)) {
                    if Set(keys).count < keys.count { doubled = true }
                    visibleAt = max(visibleAt, now)
                    break
                }
                if now - allowedFrom > visibilityTimeoutMicroseconds {
                    lost = true
                    break
                }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
        }
        result.withLock { sample in
            sample.sessionsChecked += 1
            if lost { sample.sessionsLost += 1 }
            if doubled { sample.sessionsDoubled += 1 }
            if !lost { sample.lag.record(microseconds: visibleAt > session.lastAcknowledgedAt ? visibleAt - session.lastAcknowledgedAt : 0) }
        }
    }
}
