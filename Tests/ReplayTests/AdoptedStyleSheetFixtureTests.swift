import Replay
import SessionModel
import Testing

/// rrweb's own adopted style sheet fixtures with the expectations of `packages/rrweb/test/replayer.test.ts`
/// (rrweb-io/rrweb, as stored at commit eb1fb6d60f43): "can replay adopted stylesheet events" and
/// "can replay modification events for adoptedStyleSheet", played and fast-forwarded (sought).
///
/// rrweb checks computed colours in a browser; a reconstruction has no layout, so the tests check
/// the sheets each document and shadow root adopts, which is what gives those colours.
@Suite("rrweb adopted style sheet fixtures")
struct AdoptedStyleSheetFixtureTests {
    /// Both ways rrweb's test reaches a moment: playing from the start, and `pause(offset)` (a seek).
    static func states(_ json: String, at offset: Int64) -> [Reconstructor] {
        let session = ReplaySession(bytes: Array(json.utf8))
        var player = session.play()
        player.advance(to: offset)
        return [player.state, session.seek(to: offset)]
    }

    @Test("can replay adopted stylesheet events: yellow document, red shadow root 1, blue iframe, green shadow root 2")
    func adoptedStyleSheetEvents() throws {
        for dom in Self.states(AdoptedStyleSheetEvents.adoptedStyleSheet, at: 600) {
            #expect(dom.findings.isEmpty, "\(dom.findings)")
            // The outermost document's div is yellow: the document adopts sheet 1.
            #expect(dom.document?.adoptedStyleSheets == [["div { color: yellow; }"]])
            // Shadow root 1's span is red: host 10 adopts sheets 1 and 2.
            #expect(dom.node(id: 10)?.adoptedStyleSheets == [["div { color: yellow; }"], ["span { color: red; }"]])
            // The iframe's h1 is blue: its document (20) adopts sheet 3.
            #expect(dom.node(id: 20)?.adoptedStyleSheets == [["h1 { color: blue; }"]])
            // Shadow root 2, made by a mutation at 500 ms (div before span), has a green span: host 16 adopts sheet 4.
            #expect(dom.node(id: 16)?.adoptedStyleSheets == [["span { color: green; }"]])
            let host = try #require(dom.node(id: 16)?.html())
            #expect(host.contains(#"<!--rr {"adoptedStyleSheets":[{"cssRules":["span { color: green; }"],"styleId":4}]}-->"#), "\(host)")
            let div = try #require(host.range(of: "<div>div in shadow dom 2</div>"))
            let span = try #require(host.range(of: "<span>span in shadow dom 2</span>"))
            #expect(div.lowerBound < span.lowerBound)
        }
    }

    /// The moments rrweb's test checks (it seeks 30 ms after each), with the document's and the iframe document's sheet.
    static let modificationMoments: [(offset: Int64, document: [String], iframe: [String])] = [
        // At 250 ms both sheets are adopted and still empty.
        (280, [], []),
        // At 300 ms `replace`.
        (330, ["div { color: yellow; }"], ["h1 { color: blue; }"]),
        // At 400 ms `replaceSync`.
        (430, ["div { display: inline; }"], ["h1 { font-size: large; }"]),
        // At 500 ms CSSStyleDeclaration set/remove and an insertRule at the default index 0.
        (530, ["div { color: green; }"], ["h2 { color: red; }", "h1 { font-size: medium !important; }"]),
        // At 600 ms insertRule at 1 and deleteRule 0.
        (630, ["div { color: green; }", "body { border: 2px solid blue; }"], ["h1 { font-size: medium !important; }"]),
    ]

    @Test(
        "can replay modification events for adoptedStyleSheet: replace, replaceSync, setProperty, removeProperty, insertRule, deleteRule",
        arguments: modificationMoments)
    func adoptedStyleSheetModification(offset: Int64, document: [String], iframe: [String]) {
        for dom in Self.states(AdoptedStyleSheetEvents.modification, at: offset) {
            #expect(dom.findings.isEmpty, "\(dom.findings)")
            #expect(dom.document?.adoptedStyleSheets == [document], "at \(offset) ms")
            #expect(dom.node(id: 12)?.adoptedStyleSheets == [iframe], "at \(offset) ms")
        }
    }
}
