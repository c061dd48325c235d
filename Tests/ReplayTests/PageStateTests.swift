import Replay
import SessionModel
import Testing

/// Media, canvas, selection, custom element and font events become state the canonical HTML writes; unknown kinds are findings.
@Suite("Page state events")
struct PageStateTests {
    typealias Rules = ReconstructionRuleTests

    static func incremental(_ json: String) -> EventData {
        let event = try! Event(json: JSONReader.parse(Array(#"{"type":3,"timestamp":0,"data":\#(json)}"#.utf8)))
        return event.data
    }

    /// rrweb `packages/rrweb/test/events/selection.ts` with the expectation of `packages/rrweb/test/replayer.test.ts`
    /// "can fast forward selection events": after each Selection event the document holds that event's range.
    @Test func selectionFollowsTheLastSelectionEvent() throws {
        let session = Rules.session(body: [
            .element(id: 11, tagName: "span", attributes: ["id": "startNode"]),
            .text(id: 13, "some text between the start node and the end node"),
            .element(id: 14, tagName: "span", attributes: ["id": "endNode"]),
        ], [
            Rules.mutation(adds: [
                AddedNode(parentId: 11, nextId: nil, node: .text(id: 12, "This the text of the start node.")),
                AddedNode(parentId: 14, nextId: nil, node: .text(id: 15, "This the text of the end node.")),
            ]),
            Self.incremental(#"{"source":14,"ranges":[{"start":12,"startOffset":5,"end":15,"endOffset":15}]}"#),
            Self.incremental(#"{"source":14,"ranges":[{"start":12,"startOffset":11,"end":15,"endOffset":6}]}"#),
        ])
        let first = session.seek(to: 3)
        #expect(first.selection == [SelectionRange(start: 12, startOffset: 5, end: 15, endOffset: 15)])
        let last = session.finalState()
        #expect(last.findings.isEmpty, "\(last.findings)")
        #expect(last.selection == [SelectionRange(start: 12, startOffset: 11, end: 15, endOffset: 6)])
        #expect(last.html().hasPrefix(#"<!--rr {"selection":[{"end":15,"endOffset":6,"start":12,"startOffset":11}]}-->"#), "\(last.html())")
    }

    /// Shaped like rrweb `packages/rrweb/test/events/video-playback.ts`; the state is what rrweb's
    /// `packages/rrweb/src/replay/media/index.ts` keeps: paused or played, current time, rate, volume, muted, loop.
    @Test func mediaInteractionsSetTheMediaState() throws {
        let session = Rules.session(body: [.element(id: 5, tagName: "video", attributes: ["rr_mediaState": "paused", "rr_mediaCurrentTime": 0])], [
            Self.incremental(#"{"source":7,"type":0,"id":5,"currentTime":0.5,"volume":1,"muted":false,"playbackRate":1}"#),
            Self.incremental(#"{"source":7,"type":4,"id":5,"currentTime":1.25,"playbackRate":2}"#),
            Self.incremental(#"{"source":7,"type":1,"id":5,"currentTime":3}"#),
            Self.incremental(#"{"source":7,"type":2,"id":5,"currentTime":10,"muted":true,"loop":true}"#),
        ])
        // At 3 ms the rate change (2 ms, 1.25 s, rate 2) was 1 ms ago: the playing video is 2 ms further on.
        let playing = session.seek(to: 3)
        #expect(playing.node(id: 5)?.html() == #"<video><!--rr {"rr_mediaCurrentTime":1.252,"rr_mediaMuted":false,"rr_mediaPlaybackRate":2,"rr_mediaState":"played","rr_mediaVolume":1}--></video>"# + "\n")
        let end = session.finalState()
        #expect(end.findings.isEmpty, "\(end.findings)")
        #expect(end.node(id: 5)?.extra("rr_mediaState") == .string("paused"))
        #expect(end.node(id: 5)?.extra("rr_mediaCurrentTime") == .double(10))
        #expect(end.node(id: 5)?.extra("rr_mediaLoop") == .bool(true))
    }

    /// CustomElement events as rrweb's types define them (`customElementParam` in `@rrweb/types`:
    /// an optional `define: {name}`); each defined name is kept once, in order.
    @Test func customElementDefinitionsAreKept() {
        let session = Rules.session([
            Self.incremental(#"{"source":16,"define":{"name":"custom-element"}}"#),
            Self.incremental(#"{"source":16,"define":{"name":"custom-element"}}"#),
            Self.incremental(#"{"source":16,"define":{}}"#),
            Self.incremental(#"{"source":16}"#),
        ])
        let dom = session.finalState()
        #expect(dom.customElements == ["custom-element"])
        #expect(dom.html().hasPrefix(#"<!--rr {"customElements":["custom-element"]}-->"#))
        #expect(dom.findings.map(\.description) == ["event 4: data.define.name: missing or not a string"])
    }

    @Test func canvasMutationsAreCountedAndDigested() throws {
        func canvas(_ commands: [String]) -> Reconstructor {
            Rules.session(body: [.element(id: 5, tagName: "canvas")], commands.map(Self.incremental)).finalState()
        }
        let drawn = canvas([
            #"{"source":9,"id":5,"type":0,"commands":[{"property":"fillStyle","args":["red"],"setter":true},{"property":"fillRect","args":[0,0,10,10]}]}"#,
            #"{"source":9,"id":5,"type":0,"property":"clearRect","args":[0,0,5,5]}"#,
        ])
        #expect(drawn.findings.isEmpty, "\(drawn.findings)")
        let log = try #require(drawn.node(id: 5)?.extra("rr_canvasMutations"))
        #expect(log["commands"] == .integer(3))
        // Any changed argument changes the digest; the same commands give the same one.
        let same = canvas([
            #"{"source":9,"id":5,"type":0,"commands":[{"property":"fillStyle","args":["red"],"setter":true},{"property":"fillRect","args":[0,0,10,10]}]}"#,
            #"{"source":9,"id":5,"type":0,"property":"clearRect","args":[0,0,5,5]}"#,
        ])
        let other = canvas([
            #"{"source":9,"id":5,"type":0,"commands":[{"property":"fillStyle","args":["red"],"setter":true},{"property":"fillRect","args":[0,0,10,11]}]}"#,
            #"{"source":9,"id":5,"type":0,"property":"clearRect","args":[0,0,5,5]}"#,
        ])
        #expect(same.node(id: 5)?.extra("rr_canvasMutations") == log)
        #expect(other.node(id: 5)?.extra("rr_canvasMutations")?["digest"] != log["digest"])
    }

    @Test func unknownKindsAreFindings() {
        let session = Rules.session(body: [.element(id: 5, tagName: "p")], [
            Self.incremental(#"{"source":42,"x":1}"#),
            Self.incremental(#"{"source":11,"level":"log","payload":["x"]}"#),
            Self.incremental(#"{"source":7,"type":9,"id":5}"#),
            Self.incremental(#"{"source":9,"id":5,"type":0,"property":"fill","args":[]}"#),
        ])
        let dom = session.finalState()
        #expect(dom.findings.map(\.kind) == [.unknownKind, .unknownKind, .malformedEvent, .malformedEvent])
        #expect(dom.findings.first?.description == "event 2: incremental source 42 is not one rrweb defines (0-16); skipped")
    }
}
