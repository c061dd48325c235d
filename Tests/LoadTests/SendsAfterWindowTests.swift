import Foundation
import Load
import Testing

/// Sessions longer than the run: their uploads planned past `--duration` + `--drain` are counted apart, not as drops, and not in the target.
@Suite struct SendsAfterWindowTests {
    @Test func uploadsPlannedAfterTheWindowAreNeitherSentNorDropped() async throws {
        let endpoint = try StallingEndpoint(stallStart: 1_000, stallSeconds: 0)
        defer { endpoint.stop() }
        // Each session uploads at once, after 0.5 s, and after 10 s; the run takes arrivals for 1 s and drains for 5 s.
        let source = LongSessionSource(base: FixedBodySource(bodyBytes: 64, endpoint: endpoint.url), offsets: [0, 500_000, 10_000_000])
        var run = LoadRun(endpoint: endpoint.url, source: source, schedule: .constant(perSecond: 20), durationMicroseconds: 1_000_000)
        run.drainMicroseconds = 5_000_000
        let report = try await run.execute()
        #expect(report.requests.sent == 40)
        #expect(report.requests.scheduled == 40, "the uploads after the window are not scheduled work")
        #expect(report.requests.sendsAfterWindow == 20)
        #expect(report.requests.droppedSends == 0)
        #expect(report.sessions.started == 20)
        #expect(report.sessions.complete == 0, "no session sent its last upload")
        #expect(TerminalSummary.render(report).contains("20 more planned after --duration + --drain were not sent"))
        // Merged with itself, as two shards would be, the count adds up.
        let merged = try report.measurements().merged(with: try report.measurements())
        #expect(merged.sendsAfterWindow == 40)
    }
}

/// A session source whose sessions upload the same body at fixed offsets after arrival.
private struct LongSessionSource: SessionSource {
    let base: FixedBodySource
    let offsets: [UInt64]

    func requests(forSession number: Int) throws(LoadInputError) -> [PlannedRequest] {
        let request = try base.requests(forSession: number)[0]
        return offsets.map { offset in
            var planned = request
            planned.offset = offset
            return planned
        }
    }

    var identity: [String] { base.identity + ["offsets=\(offsets)"] }
}
