import Foundation
import Ingest
@testable import Load
import LoadHTTP
import SessionModel
import Synchronization
import Testing

/// Each sampled session is polled in a task of its own, so one slow to appear does not add its wait to another's lag.
@Suite struct ReadBackSamplerTests {
    /// A read-back where session "slow" is stored only once `slowAfter` has passed, and every other at once.
    final class DelayedReadBack: ReadBack {
        let slowVisibleAt: Date
        init(slowAfter seconds: Double) { slowVisibleAt = Date().addingTimeInterval(seconds) }

        func batches(session: String) async throws -> [UploadBatch] {
            if session == "slow", Date() < slowVisibleAt { return [] }
            return [UploadBatch(sessionId: session, windowId: "w", pageId: "p", sequence: 0, distinctId: "d", origin: "https://a.example", events: [])]
        }
    }

    @Test func aSlowSessionDoesNotDelayTheNextOnesLag() async throws {
        let sampler = ReadBackSampler(readBack: DelayedReadBack(slowAfter: 3))
        let now = MonotonicClock.microseconds()
        for (number, id) in ["slow", "quick"].enumerated() {
            sampler.submit(SampledSession(number: number, acknowledged: [BatchKey(sessionId: id, windowId: "w", sequence: 0)], lastAcknowledgedAt: now))
        }
        sampler.finishSubmitting()
        let sample = await sampler.run()
        #expect(sample.sessionsChecked == 2)
        #expect(sample.sessionsLost == 0)
        let quickest = try #require(sample.lag.value(atPercentile: 0))
        let slowest = try #require(sample.lag.value(atPercentile: 100))
        // Polled one after the other, "quick" would only be looked at once "slow" appeared, 3 s on.
        #expect(slowest >= 2_900_000, "the slow session's lag: \(slowest) µs")
        #expect(quickest < 1_500_000, "the quick session waited for the slow one: \(quickest) µs")
    }
}
