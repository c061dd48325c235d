import Foundation
import SessionModel
import Testing
import _TestSupport
@testable import Ingest

@Suite("Transport")
struct TransportTests {
    /// swift-corelibs-foundation traps when a redirect's refusal arrives after a cancel; with time limits shorter than the answer,
    /// the old transport crashed the process in about one exchange in four. Two hundred such exchanges must all end in words.
    @Test("a time limit that cancels while a redirect is refused never crashes the process")
    func aLimitCrossingARedirectRefusalDoesNotTrap() async throws {
        let endpoint = try HostileEndpoint(.redirectLoop)
        defer { endpoint.stop() }
        for round in 0..<200 {
            let transport = Transport(baseURL: endpoint.url, timeoutSeconds: [0.0005, 0.001, 0.002, 0.004][round % 4])
            let outcome = await transport.exchange(HTTPRequestBytes(method: "GET", path: "/loop", headers: [], body: []))
            switch outcome {
            case .answer(let answer): #expect(answer.status == 302)
            case .failure(let failure): #expect(failure == .timedOut(transport.timeoutSeconds))
            }
        }
    }

    @Test("backoff follows the SDK models")
    func backoff() {
        #expect((0..<4).map { RetryPolicy.posthog.baseDelay(afterAttempt: $0) } == [3, 6, 12, 24])
        #expect(RetryPolicy.posthog.baseDelay(afterAttempt: 20) == 1800)
        #expect((0..<3).map { RetryPolicy.sentry.baseDelay(afterAttempt: $0) } == [5, 10, 15])
        #expect(RetryPolicy.posthog.shouldRetry(status: 503) && !RetryPolicy.posthog.shouldRetry(status: 400))
        #expect(RetryPolicy.posthog.shouldRetry(status: nil) && RetryPolicy.posthog.shouldRetry(status: 429))
        #expect(!RetryPolicy.sentry.shouldRetry(status: 503) && !RetryPolicy.sentry.shouldRetry(status: 429))
        #expect(Transport.retryAfterSeconds("7") == 7)
    }

    @Test("jitter is seeded: the same seed waits the same, within ±50 %")
    func jitter() {
        let a = Transport(baseURL: URL(string: "http://127.0.0.1:9")!, policy: .posthog, seed: 9)
        let b = Transport(baseURL: URL(string: "http://127.0.0.1:9")!, policy: .posthog, seed: 9)
        let waitsA = (0..<5).map { a.nextWait(after: $0, retryAfter: nil) }
        #expect(waitsA == (0..<5).map { b.nextWait(after: $0, retryAfter: nil) })
        for (index, wait) in waitsA.enumerated() {
            let base = RetryPolicy.posthog.baseDelay(afterAttempt: index)
            #expect(wait >= base * 0.5 && wait <= base * 1.5)
        }
    }

    @Test("no server: the attempts fail without a status and the batch is not acknowledged")
    func unreachable() async throws {
        var policy = RetryPolicy.standard
        policy.maximumAttempts = 2
        policy.timeScale = 0.001
        let report = await Transport(baseURL: URL(string: "http://127.0.0.1:9")!, policy: policy).send(try ReferenceAdapter().request(for: Fixture.batch(sequence: 0)))
        #expect(report.attempts.count == 2)
        #expect(report.attempts.allSatisfy { $0.status == nil && $0.error != nil })
        #expect(!report.acknowledged)
    }
}
