import Foundation
import Load
import Testing

/// The reason for measuring from the intended send time: a 2 s stall must show in the corrected p99 and hides from the uncorrected one.
@Suite struct CoordinatedOmissionTests {
    @Test func aTwoSecondStallShowsInTheCorrectedP99AndNotInTheUncorrected() async throws {
        let endpoint = try StallingEndpoint(stallStart: 1.5, stallSeconds: 2)
        defer { endpoint.stop() }
        // 200 requests a second for 5 s on 2 connections: 1000 requests, ~400 of them due during the stall.
        var run = LoadRun(endpoint: endpoint.url, source: FixedBodySource(bodyBytes: 64, endpoint: endpoint.url),
                          schedule: .constant(perSecond: 200), durationMicroseconds: 5_000_000)
        run.connections = 2
        run.drainMicroseconds = 5_000_000
        run.thresholds = [try Threshold(parsing: "p99<500ms"), try Threshold(parsing: "uncorrected_p99<500ms")]
        let report = try await run.execute()
        let measurements = try report.measurements()
        #expect(measurements.requestsSent == 1000)
        #expect(measurements.requestsAcknowledged == 1000)
        let corrected = try #require(measurements.corrected.value(atPercentile: 99))
        let uncorrected = try #require(measurements.uncorrected.value(atPercentile: 99))
        // Requests due at the start of the stall waited for nearly all of it.
        #expect(corrected >= 1_500_000, "corrected p99 \(corrected) µs should show the 2 s stall")
        // Only the two requests in flight when it began saw it from their actual send time: 0.2 % of requests.
        #expect(uncorrected < 100_000, "uncorrected p99 \(uncorrected) µs should hide the stall")
        #expect(measurements.uncorrected.maximum >= 1_500_000, "the requests in flight at the stall's start saw it")
        #expect(measurements.lateStarts > 300)
        #expect(report.thresholds.map(\.passed) == [false, true])
    }
}
