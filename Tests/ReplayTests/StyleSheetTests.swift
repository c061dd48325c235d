import Replay
import SessionModel
import Testing

/// The style-sheet model: StyleSheetRule, StyleDeclaration and AdoptedStyleSheet applied with rrweb's index rules.
@Suite("Style sheets")
struct StyleSheetTests {
    static func session(_ json: String) -> ReplaySession {
        let session = ReplaySession(bytes: Array(json.utf8))
        #expect(session.decodeFindings.isEmpty, "\(session.decodeFindings)")
        return session
    }

    // MARK: - rrweb's style-sheet-rule-events fixture

    /// rrweb `packages/rrweb/test/replayer.test.ts`, "should apply fast forwarded StyleSheetRules that where added":
    /// paused at 1500 ms, the sheets hold `.css-added-at-1000-deleted-at-2500`; the rule added at 500 is there too.
    @Test func fastForwardedRulesAreInTheSheets() throws {
        let dom = Self.session(StyleSheetRuleEvents.json).seek(to: 1_500)
        #expect(dom.findings.isEmpty, "\(dom.findings)")
        let first = try #require(dom.node(id: 101)?.cssRules)
        let second = try #require(dom.node(id: 105)?.cssRules)
        #expect(first == [
            ".css-added-at-200-overwritten-at-3000 { opacity: 1; transform: translateX(0); }",
            ".css-added-at-500-overwritten-at-3000 { border: 1px solid blue; }",
        ])
        #expect(second.count == 4)
        // A property given twice keeps its last value, as the CSSOM does.
        #expect(second[2] == ".css-added-at-1000-deleted-at-2500 { display: flex; -webkit-flex-direction: column; -ms-flex-direction: column; flex-direction: column; min-width: 60rem; min-height: 100vh; color: blue; }")
    }

    /// The same fixture at its end: the rule deleted at 2500 is gone, and the text written at 3000
    /// replaced the whole sheet (a browser parses it afresh), so the add at 3100 lands after it.
    @Test func deletionsAndTextRewritesApply() throws {
        let dom = Self.session(StyleSheetRuleEvents.json).finalState()
        #expect(dom.findings.isEmpty, "\(dom.findings)")
        #expect(dom.node(id: 101)?.cssRules == [".all-css-overwritten-at-3000 { color: indigo; }", ".css-added-at-3100 { color: blue; }"])
        let second = try #require(dom.node(id: 105)?.cssRules)
        #expect(second.count == 3)
        #expect(!second.contains { $0.contains("deleted-at-2500") })
    }

    @Test func canonicalHTMLWritesTheSheetsCurrentRules() throws {
        let dom = Self.session(StyleSheetRuleEvents.json).seek(to: 1_500)
        let style = try #require(dom.node(id: 101))
        #expect(style.html() == #"""
            <style data-meta="from full-snapshot, gets rule added at 500">
              &#10;.css-added-at-200-overwritten-at-3000 {&#10;  opacity: 1;&#10;  transform: translateX(0);&#10;}&#10;
              <!--rr {"cssRules":[".css-added-at-200-overwritten-at-3000 { opacity: 1; transform: translateX(0); }",".css-added-at-500-overwritten-at-3000 { border: 1px solid blue; }"]}-->
            </style>

            """#)
        // A style element the CSSOM never touched is written as before: its text only.
        #expect(dom.node(id: 255)?.html() == "<style data-jss=\"\" data-meta=\"Col, Themed, Dynamic\">&#10;.css-added-at-400 {&#10;  padding: 1.3125rem;&#10;  flex: none;&#10;  width: 100%;&#10;}&#10;</style>\n")
        // The display form shows the current rules as the element's text.
        #expect(style.html(style: .display).contains(".css-added-at-500-overwritten-at-3000 { border: 1px solid blue; }</style>"))
    }

    @Test func seekEqualsPlayAtEveryEvent() {
        let session = Self.session(StyleSheetRuleEvents.json)
        for offset in stride(from: Int64(0), through: session.duration + 1, by: 50) {
            var player = session.play()
            player.advance(to: offset)
            #expect(session.seek(to: offset).html() == player.state.html(), "at \(offset) ms")
        }
    }

    // MARK: - Index rules

    /// A document with one `<style id=5>` whose text is `css`, then the given incremental `data` objects.
    static func styleSession(_ css: String, _ data: [String]) -> ReplaySession {
        let cssJSON = JSONWriter.canonicalString(.string(css))
        var events = [
            #"{"type":4,"timestamp":1,"data":{"href":"https://a.example/","width":800,"height":600}}"#,
            #"{"type":2,"timestamp":1,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"id":3,"tagName":"head","attributes":{},"childNodes":[{"type":2,"id":5,"tagName":"style","attributes":{},"childNodes":[{"type":3,"id":6,"textContent":\#(cssJSON)}]}]},{"type":2,"id":4,"tagName":"body","attributes":{},"shadowRoot":null,"isShadowHost":true,"childNodes":[]}]}]}}}"#,
        ]
        for (offset, item) in data.enumerated() { events.append(#"{"type":3,"timestamp":\#(2 + offset),"data":\#(item)}"#) }
        return session("[" + events.joined(separator: ",\n") + "]")
    }

    @Test func insertRuleIndexRules() {
        // rrweb clamps a top-level index to the rule count, and an absent index inserts at 0 (CSSOM insertRule's default).
        let dom = Self.styleSession(".a{color:red}", [
            #"{"source":8,"id":5,"adds":[{"rule":".b{color:blue}","index":99},{"rule":".c{}"}]}"#,
        ]).finalState()
        #expect(dom.findings.isEmpty, "\(dom.findings)")
        #expect(dom.node(id: 5)?.cssRules == [".c { }", ".a { color: red; }", ".b { color: blue; }"])
    }

    @Test func nestedIndexArraysReachIntoGroupingRules() {
        let dom = Self.styleSession("@media all { .a { color: red; } } @supports (display: grid) { @media print { .b { top: 0; } } }", [
            #"{"source":8,"id":5,"adds":[{"rule":".x { left: 1px; }","index":[0,1]},{"rule":".y { left: 2px; }","index":[1,0,0]}]}"#,
            #"{"source":8,"id":5,"removes":[{"index":[0,0]},{"index":[1,0,1]}]}"#,
        ]).finalState()
        #expect(dom.findings.isEmpty, "\(dom.findings)")
        #expect(dom.node(id: 5)?.cssRules == [
            "@media all { .x { left: 1px; } }",
            "@supports (display: grid) { @media print { .y { left: 2px; } } }",
        ])
    }

    @Test func refusedCallsAreFindingsAndChangeNothing() {
        let dom = Self.styleSession(".a{color:red}", [
            #"{"source":8,"id":5,"removes":[{"index":3}]}"#,
            #"{"source":8,"id":5,"adds":[{"rule":"not a rule","index":0},{"rule":".b{top:0}","index":[4,0]}]}"#,
            #"{"source":8,"id":5,"replaceSync":".z{}"}"#,
            #"{"source":8,"id":4,"adds":[{"rule":".q{}"}]}"#,
            #"{"source":8,"styleId":7,"adds":[{"rule":".q{}"}]}"#,
            #"{"source":8,"id":5,"adds":[{"rule":".n{}","index":-1}]}"#,
        ]).finalState()
        #expect(dom.node(id: 5)?.cssRules == [".a { color: red; }"])
        #expect(dom.findings.map(\.description) == [
            "event 2: data.removes[0]: remove index 3 is outside the sheet's 1 rules; not removed",
            "event 3: data.adds[0]: rule \"not a rule\" is not one CSS rule; not inserted",
            "event 3: data.adds[1]: no grouping rule at index [4,0]; not inserted",
            "event 4: data.replaceSync: replaceSync only works on constructed sheets; node 5's sheet is unchanged",
            "event 5: data.id: node 4 is a <body>, which has no style sheet",
            "event 6: data.styleId: no constructed style sheet 7",
            "event 7: data.adds[0]: insert index -1 is negative; not inserted",
        ])
    }

    /// rrweb `packages/rrweb/test/events/nested-style-declaration.ts`: setProperty/removeProperty on rules inside `@media`
    /// and `@supports > @media`, by index path.
    @Test func styleDeclarationsFollowIndexPaths() {
        let css = "@media all { .test-nested { background-color: blue; width: 100px; } .test-second { color: red; } } @supports (display: block) { @media all { .test-deep { background-color: teal; } } }"
        let steps = [
            #"{"source":13,"id":5,"set":{"property":"background-color","value":"red"},"index":[0,0]}"#,
            #"{"source":13,"id":5,"set":{"property":"font-weight","value":"bold","priority":"important"},"index":[0,1]}"#,
            #"{"source":13,"id":5,"remove":{"property":"width"},"index":[0,0]}"#,
            #"{"source":13,"id":5,"set":{"property":"background-color","value":"purple"},"index":[1,0,0]}"#,
        ]
        let dom = Self.styleSession(css, steps).finalState()
        #expect(dom.findings.isEmpty, "\(dom.findings)")
        #expect(dom.node(id: 5)?.cssRules == [
            "@media all { .test-nested { background-color: red; } .test-second { color: red; font-weight: bold !important; } }",
            "@supports (display: block) { @media all { .test-deep { background-color: purple; } } }",
        ])
        let missing = Self.styleSession(css, [#"{"source":13,"id":5,"remove":{"property":"color"},"index":[0,5]}"#]).finalState()
        #expect(missing.findings.map(\.description) == ["event 2: data.index: no rule at index [0,5]; declaration not applied"])
    }

    // MARK: - Adopted style sheets

    /// Shaped like rrweb `packages/rrweb/test/events/adopted-style-sheet.ts`: sheets constructed with `styles`,
    /// adopted by the document (id 1) and a shadow host (id 4) through `styleIds`, then changed by `styleId`.
    @Test func adoptedSheetsMapByStyleId() throws {
        let session = Self.styleSession("", [
            #"{"source":15,"id":1,"styleIds":[1,2],"styles":[{"styleId":1,"rules":[{"rule":"div { color: yellow; }","index":0}]},{"styleId":2,"rules":[{"rule":"h1 { color: blue; }","index":0},{"rule":"@media all { h2 { color: red; } }","index":1}]}]}"#,
            #"{"source":15,"id":4,"styleIds":[2]}"#,
            #"{"source":8,"styleId":2,"adds":[{"rule":"p { top: 0; }","index":[1,1]}],"removes":[{"index":0}]}"#,
            #"{"source":8,"styleId":1,"replaceSync":"span { left: 0; }"}"#,
            #"{"source":13,"styleId":1,"set":{"property":"left","value":"2px"},"index":[0]}"#,
        ])
        let dom = session.finalState()
        #expect(dom.findings.isEmpty, "\(dom.findings)")
        let shared = ["@media all { h2 { color: red; } p { top: 0; } }"]
        #expect(dom.document?.adoptedStyleSheets == [["span { left: 2px; }"], shared])
        #expect(dom.node(id: 4)?.adoptedStyleSheets == [shared])
        let html = dom.html()
        #expect(html.hasPrefix(#"<!--rr {"adoptedStyleSheets":[{"cssRules":["span { left: 2px; }"],"styleId":1},{"cssRules":["@media all { h2 { color: red; } p { top: 0; } }"],"styleId":2}]}-->"#), "\(html)")
        #expect(html.contains(#"<template shadowrootmode="open">"# + "\n" + #"      <!--rr {"adoptedStyleSheets":[{"cssRules":["@media all { h2 { color: red; } p { top: 0; } }"],"styleId":2}]}-->"#), "\(html)")
    }

    @Test func adoptingAnUnknownSheetIsAFinding() {
        let dom = Self.styleSession("", [#"{"source":15,"id":1,"styleIds":[9]}"#, #"{"source":15,"id":6,"styleIds":[]}"#]).finalState()
        #expect(dom.findings.map(\.description) == [
            "event 2: data.styleIds: styleId 9 was never constructed; left out of node 1's adopted sheets",
            "event 3: data.id: node 6 is neither a document nor a shadow host; its adopted sheets are ignored",
        ])
    }

    // MARK: - _cssText and added text

    /// rrweb `packages/rrweb/src/replay/index.ts` (PR #1417): a text node added to a `<style>` whose only child is the
    /// text `_cssText` made takes that text, even when it brings its own, and the made node goes.
    @Test func anAddedStyleTextTakesTheCSSText() {
        let session = ReconstructionRuleTests.session(body: [.element(id: 5, tagName: "style", attributes: ["_cssText": "#two{color:rgb(255,0,0)}"])], [
            ReconstructionRuleTests.mutation(adds: [AddedNode(parentId: 5, nextId: nil, node: .text(id: 6, "#two{rgb(155,0,0)}"))]),
            ReconstructionRuleTests.mutation(texts: [TextChange(id: 6, value: "#two{color:rgb(0,0,255)}")]),
        ])
        var player = session.play()
        player.advance(to: 2)
        #expect(player.state.node(id: 5)?.html() == "<style>#two{color:rgb(255,0,0)}</style>\n")
        player.advanceToEnd()
        #expect(player.state.node(id: 5)?.html() == "<style>#two{color:rgb(0,0,255)}</style>\n")
        #expect(player.state.findings.isEmpty)
    }
}
