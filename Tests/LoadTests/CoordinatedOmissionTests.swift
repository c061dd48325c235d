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
        // A quarter of the stall at most (answers are instant otherwise; a busy machine adds some): far from the corrected p99.
        #expect(uncorrected < 500_000, "uncorrected p99 \(uncorrected) µs should hide the stall")
        #expect(measurements.uncorrected.maximum >= 1_500_000, "the requests in flight at the stall's start saw it")
        #expect(measurements.lateStarts > 300)
        // They were held back by busy connections, so the banner blames the endpoint's answers, not the generator.
        #expect(measurements.lateStartsWaitingForConnection * 2 >= measurements.lateStarts)
        let banner = try #require(TerminalSummary.bottleneckBanner(report))
        #expect(banner.contains("waited for one of the 2 connections"), "\(banner)")
        #expect(report.thresholds.map(\.passed) == [false, true])
    }

    /// Late starts with connections free are the generator's own: a source that takes 30 ms to build each session delays the sends due meanwhile.
    @Test func lateStartsWithConnectionsFreeAreTheGeneratorsOwn() async throws {
        let endpoint = try StallingEndpoint(stallStart: 1_000, stallSeconds: 0)
        defer { endpoint.stop() }
        let source = SlowToBuildSource(base: FixedBodySource(bodyBytes: 64, endpoint: endpoint.url), buildMicroseconds: 30_000)
        var run = LoadRun(endpoint: endpoint.url, source: source, schedule: .constant(perSecond: 50), durationMicroseconds: 1_000_000)
        run.connections = 8
        let report = try await run.execute()
        let measurements = try report.measurements()
        #expect(measurements.requestsSent == 50)
        #expect(measurements.lateStarts > 10, "sessions arriving every 20 ms but built in 30 ms start late")
        #expect(measurements.lateStartsWaitingForConnection * 2 < measurements.lateStarts, "most were the generator's, not the connections'")
        let banner = try #require(TerminalSummary.bottleneckBanner(report))
        // The generator's pauses, or (on a machine busy with other tests) the machine: never the endpoint.
        #expect(banner.contains("with connections free") || banner.contains("MACHINE was busy"), "\(banner)")
        #expect(!banner.contains("--connections"), "the endpoint and the connection count are not blamed: \(banner)")
    }
}

/// A session source that takes a fixed time to build each session, as a heavy scenario would.
private struct SlowToBuildSource: SessionSource {
    let base: FixedBodySource
    let buildMicroseconds: UInt32

    func requests(forSession number: Int) throws(LoadInputError) -> [PlannedRequest] {
        usleep(buildMicroseconds)
        return try base.requests(forSession: number)
    }

    var identity: [String] { base.identity }
}
