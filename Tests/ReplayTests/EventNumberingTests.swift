import Replay
import SessionModel
import Testing

/// One numbering of events in `inspect`, `replay`, findings and the timeline; byte-order marks; implausible timestamps.
@Suite("Event numbering")
struct EventNumberingTests {
    /// Meta, FullSnapshot, a broken event (number 2), then a mutation naming an unknown node (number 3) and a Meta.
    static let withBrokenEvent = #"""
        [{"type":4,"timestamp":1000,"data":{"href":"https://a.example/","width":800,"height":600}},
        {"type":2,"timestamp":1001,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[]}]}}},
        {"type":3,"timestamp":"late","data":{"source":0}},
        {"type":3,"timestamp":1003,"data":{"source":0,"texts":[{"id":77,"value":"x"}],"attributes":[],"removes":[],"adds":[]}},
        {"type":4,"timestamp":1004,"data":{"href":"https://a.example/next","width":800,"height":600}}]
        """#

    @Test(arguments: ["array", "ndjson"])
    func inspectAndReplayNumberEventsAlike(layout: String) throws {
        var text = Self.withBrokenEvent
        if layout == "ndjson" {
            text = String(text.dropFirst().dropLast()).replacingOccurrences(of: "},\n{", with: "}\n{")
        }
        let bytes = Array(text.utf8)
        let report = RecordingInspector.inspect(bytes)
        #expect(report.eventCount == 5, "the header counts every event of the file, the broken one too")
        #expect(report.problems.compactMap(\.eventIndex).contains(2))
        #expect(report.pages.map(\.eventIndex) == [0, 4])

        let session = ReplaySession(bytes: bytes)
        #expect(session.decodeFindings.map(\.eventIndex) == [2])
        let dom = session.finalState()
        #expect(dom.findings.map(\.description) == ["event 3: mutation sets the text of unknown node 77"])
        let timeline = Timeline(session: session)
        #expect(timeline.entries(.page).map(\.eventIndex) == [0, 4])
    }

    @Test(arguments: ["array", "ndjson"])
    func aByteOrderMarkIsSkipped(layout: String) throws {
        let events = [
            #"{"type":4,"timestamp":1000,"data":{"href":"https://a.example/","width":800,"height":600}}"#,
            #"{"type":2,"timestamp":1001,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[]}]}}}"#,
        ]
        let text = layout == "array" ? "[" + events.joined(separator: ",") + "]" : events.joined(separator: "\n")
        let bytes = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        let session = ReplaySession(bytes: bytes)
        #expect(session.decodeFindings.isEmpty, "\(session.decodeFindings)")
        #expect(session.events.count == 2)
        #expect(session.finalState().html() == "<html></html>\n")
        // Fed byte by byte, the mark split across chunks, the streaming decoder and the inspector agree.
        var inspector = RecordingInspector()
        for byte in bytes { inspector.feed([byte]) }
        let report = inspector.finish()
        #expect(report.isClean, "\(report.problems)")
        #expect(report.eventCount == 2)
    }

    @Test func implausibleTimestampsAreFindingsWithTheirEvent() {
        let hour: Int64 = 3_600_000
        let times: [Int64] = [1_700_000_000_000, 1_700_000_000_500, 1_700_000_000_400, 1_700_000_000_600 - 5 * hour, 1_700_000_001_000, 1_700_000_001_000 + 200 * 24 * hour]
        let events = times.map { Event(timestamp: $0, data: .custom(CustomEvent(tag: "t", payload: .null))) }
        let session = ReplaySession(events: events)
        // Event 4 is 5 h after event 3, less than a day: a step back is reported once, at the event that steps back.
        #expect(session.decodeFindings.map(\.description) == [
            "event 3: timestamp 1699982000600 is 4 h before the previous event's (1700000000400); replay moves the event to its time",
            "event 5: timestamp 1717280001000 is 200 days after the previous event's (1700000001000)",
            "the recording has no FullSnapshot, so there is no page to reconstruct",
        ])
        #expect(session.decodeFindings.map(\.kind) == [.implausibleTimestamp, .implausibleTimestamp, .nothingToReplay])
        // The inspector reports the same events.
        let report = RecordingInspector.inspect(RecordingEncoder.encodeArray(events))
        #expect(report.problems.compactMap(\.eventIndex) == [3, 5])
    }
}
