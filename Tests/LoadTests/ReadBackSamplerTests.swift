import Foundation
import Ingest
@testable import Load
import LoadHTTP
import SessionModel
import Synchronization
import Testing

/// Each sampled session is polled in a task of its own, so one slow to appear does not hold back the others.
@Suite struct ReadBackSamplerTests {
    /// A read-back where session "slow" is stored only once session "quick" has been read back (which is stored at once).
    final class WaitingReadBack: ReadBack {
        let quickWasRead = Atomic<Bool>(false)

        func batches(session: String) async throws -> [UploadBatch] {
            if session == "quick" { quickWasRead.store(true, ordering: .sequentiallyConsistent) }
            if session == "slow", !quickWasRead.load(ordering: .sequentiallyConsistent) { return [] }
            return [UploadBatch(sessionId: session, windowId: "w", pageId: "p", sequence: 0, distinctId: "d", origin: "https://a.example", events: [])]
        }
    }

    /// Polled one after the other, "slow" would be polled until its time ran out (lost), and "quick" only after.
    /// No wall-clock bound is asserted: a busy suite can hold the tasks back for a minute.
    @Test func aSessionSlowToAppearDoesNotHoldBackTheNext() async throws {
        let sampler = ReadBackSampler(readBack: WaitingReadBack(), visibilityTimeoutSeconds: 30)
        let now = MonotonicClock.microseconds()
        for (number, id) in ["slow", "quick"].enumerated() {
            sampler.submit(SampledSession(number: number, acknowledged: [BatchKey(sessionId: id, windowId: "w", sequence: 0)], lastAcknowledgedAt: now))
        }
        sampler.finishSubmitting()
        let sample = await sampler.run()
        #expect(sample.sessionsChecked == 2)
        #expect(sample.sessionsLost == 0, "the slow session was given up on: it was polled alone")
        #expect(sample.lag.totalCount == 2)
    }
}
