import Replay
import SessionModel
import Testing

/// The replayer's rules one at a time, on small hand-written streams.
@Suite("Reconstruction rules")
struct ReconstructionRuleTests {
    static let body = 4

    /// Meta + FullSnapshot of `<html><head></head><body>…children…</body></html>` (ids 1-4), then `rest`.
    static func session(body children: [SerializedNode] = [], _ rest: [EventData]) -> ReplaySession {
        let document = SerializedNode.document(id: 1, childNodes: [
            .element(id: 2, tagName: "html", childNodes: [.element(id: 3, tagName: "head"), .element(id: body, tagName: "body", childNodes: children)]),
        ])
        var events = [
            Event(timestamp: 1000, data: .meta(Meta(href: "https://a.example/", width: 800, height: 600))),
            Event(timestamp: 1000, data: .fullSnapshot(FullSnapshot(node: document))),
        ]
        for (offset, data) in rest.enumerated() { events.append(Event(timestamp: 1001 + Int64(offset), data: data)) }
        return ReplaySession(events: events)
    }

    static func mutation(texts: [TextChange] = [], attributes: [AttributeChange] = [], removes: [RemovedNode] = [], adds: [AddedNode] = []) -> EventData {
        .incrementalSnapshot(.mutation(Mutation(texts: texts, attributes: attributes, removes: removes, adds: adds)))
    }

    static func bodyHTML(_ session: ReplaySession) -> String {
        let dom = session.finalState()
        #expect(dom.findings.isEmpty, "\(dom.findings)")
        return dom.document?.first("body")?.html() ?? ""
    }

    @Test func addsWaitForANextIdListedLater() {
        let session = Self.session([Self.mutation(adds: [
            AddedNode(parentId: Self.body, nextId: 11, node: .element(id: 10, tagName: "i")),
            AddedNode(parentId: Self.body, nextId: nil, node: .element(id: 11, tagName: "b")),
            AddedNode(parentId: 10, nextId: nil, node: .text(id: 12, "x")),
        ])])
        #expect(Self.bodyHTML(session) == "<body>\n  <i>x</i>\n  <b></b>\n</body>\n")
    }

    @Test func aMoveIsARemoveAndAReAddWithTheSameIds() {
        let session = Self.session(body: [.element(id: 5, tagName: "p", childNodes: [.text(id: 6, "moved")]), .element(id: 7, tagName: "div")], [
            Self.mutation(removes: [RemovedNode(parentId: Self.body, id: 5)], adds: [
                AddedNode(parentId: 7, nextId: nil, node: .element(id: 5, tagName: "p")),
                AddedNode(parentId: 5, nextId: nil, node: .text(id: 6, "moved")),
            ]),
            Self.mutation(texts: [TextChange(id: 6, value: "still mapped")]),
        ])
        #expect(Self.bodyHTML(session) == "<body>\n  <div>\n    <p>still mapped</p>\n  </div>\n</body>\n")
    }

    @Test func textsLastWinsAndNullAttributesRemove() {
        let session = Self.session(body: [.element(id: 5, tagName: "p", attributes: ["title": "t", "class": "a"], childNodes: [.text(id: 6, "a")])], [
            Self.mutation(texts: [TextChange(id: 6, value: "first"), TextChange(id: 6, value: "last")],
                attributes: [AttributeChange(id: 5, attributes: ["title": nil, "data-x": "1"])]),
        ])
        #expect(Self.bodyHTML(session) == "<body>\n  <p class=\"a\" data-x=\"1\">last</p>\n</body>\n")
    }

    @Test func styleDiffsSetImportantAndRemove() {
        let session = Self.session(body: [.element(id: 5, tagName: "p", attributes: ["style": "color: red; width: 10px;"])], [
            Self.mutation(attributes: [AttributeChange(id: 5, attributes: ["style": ["width": false, "margin-left": ["4px", "important"], "color": "blue"]])]),
        ])
        #expect(Self.bodyHTML(session) == "<body>\n  <p style=\"color: blue; margin-left: 4px !important;\"></p>\n</body>\n")
    }

    @Test func typedValuesWinOverLaterValueAttributes() {
        let session = Self.session(body: [.element(id: 5, tagName: "input", attributes: ["value": "markup"])], [
            .incrementalSnapshot(.input(Input(id: 5, text: "typed"))),
            Self.mutation(attributes: [AttributeChange(id: 5, attributes: ["value": "ignored by the display"])]),
        ])
        let dom = session.finalState()
        #expect(dom.node(id: 5)?.value == "typed")
        #expect(dom.node(id: 5)?.attribute("value") == "ignored by the display")
        #expect(dom.node(id: 5)?.html() == "<input value=\"typed\">\n")
    }

    @Test func rrPropertiesAreExtrasNotAttributes() {
        let session = Self.session(body: [.element(id: 5, tagName: "div", attributes: ["class": "rr-block", "rr_width": "10px", "rr_height": "20px"])], [])
        #expect(Self.bodyHTML(session) == "<body>\n  <div class=\"rr-block\"><!--rr {\"rr_height\":\"20px\",\"rr_width\":\"10px\"}--></div>\n</body>\n")
    }

    @Test func shadowAddsCreateTheRootAndShadowRemovesUseIt() {
        let session = Self.session(body: [.element(id: 5, tagName: "div")], [
            Self.mutation(adds: [
                AddedNode(parentId: 5, nextId: nil, node: SerializedNode(type: .element, id: 6, tagName: "span", attributes: [:], childNodes: [], isShadow: true)),
                AddedNode(parentId: 5, nextId: nil, node: SerializedNode(type: .element, id: 7, tagName: "b", attributes: [:], childNodes: [], isShadow: true)),
            ]),
            Self.mutation(removes: [RemovedNode(parentId: 5, id: 6, isShadow: true)]),
        ])
        #expect(Self.bodyHTML(session) == "<body>\n  <div>\n    <template shadowrootmode=\"open\">\n      <b></b>\n    </template>\n  </div>\n</body>\n")
    }

    @Test func legacyMinusOneSiblingsAreParkedUntilTheirNeighbourArrives() {
        let session = Self.session([Self.mutation(adds: [
            AddedNode(parentId: Self.body, nextId: -1, previousId: .some(nil), node: .element(id: 10, tagName: "i")),
            AddedNode(parentId: Self.body, nextId: 10, previousId: .some(nil), node: .element(id: 11, tagName: "b")),
        ])])
        #expect(Self.bodyHTML(session) == "<body>\n  <b></b>\n  <i></i>\n</body>\n")
    }

    @Test func problemsBecomeFindingsWithTheirEventIndex() {
        let events = [
            Event(timestamp: 1, data: .incrementalSnapshot(.input(Input(id: 3, text: "early")))),
            Event(timestamp: 2, data: .meta(Meta(href: "https://a.example/", width: 1, height: 1))),
            Event(timestamp: 2, data: .fullSnapshot(FullSnapshot(node: .document(id: 1, childNodes: [])))),
            Event(timestamp: 3, data: Self.mutation(
                attributes: [AttributeChange(id: 40, attributes: ["a": "b"])],
                removes: [RemovedNode(parentId: 1, id: 41)],
                adds: [AddedNode(parentId: 42, nextId: nil, node: .element(id: 43, tagName: "p"))])),
        ]
        let findings = ReplaySession(events: events).finalState().findings.map(\.description)
        #expect(findings == [
            "event 0: Input event before any FullSnapshot; skipped",
            "event 3: mutation removes unknown node 41",
            "event 3: added node 43 dropped: parent 42 is unknown",
            "event 3: mutation sets attributes of unknown node 40",
        ])
    }

    /// rrweb's replayer reports an Input or Scroll on a node its mirror lacks (`debugNodeNotFound`,
    /// packages/rrweb/src/replay/index.ts) and skips an Input on id -1, a node it never serialized.
    @Test func inputAndScrollOnUnknownNodesAreFindings() {
        let session = Self.session([
            .incrementalSnapshot(.input(Input(id: 77, text: "lost"))),
            .incrementalSnapshot(.scroll(Scroll(id: 78, x: 0, y: 120))),
            .incrementalSnapshot(.input(Input(id: -1, text: "set by a script"))),
            .incrementalSnapshot(.scroll(Scroll(id: Self.body, x: 0, y: 40))),
        ])
        #expect(session.finalState().findings.map(\.description) == [
            "event 2: data.id: input on unknown node 77; value not applied",
            "event 3: data.id: scroll on unknown node 78; position not applied",
        ])
    }

    @Test func aTruncatedFileKeepsTheEventsBeforeTheBreak() {
        let bytes = Array(#"[{"type":4,"data":{"href":"x","width":1,"height":1},"timestamp":5},{"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[]}},"timestamp":5},{"type":3,"da"#.utf8)
        let session = ReplaySession(bytes: bytes)
        #expect(session.events.count == 2)
        #expect(session.decodeFindings.map(\.eventIndex) == [2])
        #expect(session.decodeFindings.first?.kind == .undecodable)
        #expect(session.finalState().hasDocument)
    }
}
