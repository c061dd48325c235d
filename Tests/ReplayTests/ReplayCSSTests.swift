import Replay
import SessionModel
import Testing

/// rrweb's `adaptCssForReplay` (`packages/rrweb-snapshot/src/rebuild.ts`, plugins in `src/css.ts`) in the reconstructed DOM.
///
/// The cases are rrweb's own, from `packages/rrweb-snapshot/test/rebuild.test.ts` ("add hover class to
/// hover selector related rules", compared as rrweb's `toMatchCss` does, white space aside) and
/// `packages/rrweb-snapshot/test/css.test.ts` (the plugins' exact output), both at commit b6fde039930e.
@Suite("CSS adapted for replay")
struct ReplayCSSTests {
    typealias Rules = ReconstructionRuleTests

    /// The text the replayer gives a `<style>` whose `_cssText` is `css`.
    static func replayedText(_ css: String) -> String? {
        let session = Rules.session(body: [.element(id: 10, tagName: "style", attributes: ["_cssText": .string(css)])], [])
        return session.finalState().node(id: 10)?.textContent
    }

    static func withoutWhitespace(_ text: String?) -> String? {
        text.map { String($0.unicodeScalars.filter { !$0.properties.isWhitespace }) }
    }

    @Test(arguments: [
        ("body { color: white }", "body { color: white }"),
        (".a:hover { color: white }", ".a:hover, .a.\\:hover { color: white }"),
        ("ul li a:hover img { color: white }", "ul li a:hover img, ul li a.\\:hover img { color: white }"),
        (
            "ul li.specified a:hover img,\nul li.multiline\nb:hover\nimg,\nul li.specified c:hover img {\n  color: white\n}",
            "ul li.specified a:hover img,\nul li.multiline\nb:hover\nimg,\nul li.specified c:hover img,\nul li.specified a.\\:hover img,\nul li.multiline b.\\:hover img,\nul li.specified c.\\:hover img {\n  color: white\n}"
        ),
        ("@media screen { .m:hover { color: white } }", "@media screen { .m:hover, .m.\\:hover { color: white } }"),
        (".a, .b:hover, .c { color: white }", ".a, .b:hover, .c, .b.\\:hover { color: white }"),
        (".a:hover, .a:hover::after { color: white }", ".a:hover, .a:hover::after, .a.\\:hover, .a.\\:hover::after { color: white }"),
        ("div:hover::after { color: white }", "div:hover::after, div.\\:hover::after { color: white }"),
        ("a:hover b:hover { color: white }", "a:hover b:hover, a.\\:hover b.\\:hover { color: white }"),
        (".a::after { content: \":hover\" }", ".a::after { content: \":hover\" }"),
        ("@media only screen and (min-device-width : 1200px) { .a { width: 10px; }}", "@media only screen and (min-width : 1200px) { .a { width: 10px; }}"),
        (
            ".tailwind :is(.before\\:content-\\[\\'\\'\\])::before { --tw-content: \":hover\"; content: var(--tw-content); }.tailwind :is(.\\[\\&\\>li\\]\\:before\\:content-\\[\\'-\\'\\] > li)::before { color: pink; }",
            ".tailwind :is(.before\\:content-\\[\\'\\'\\])::before { --tw-content: \":hover\"; content: var(--tw-content); }.tailwind :is(.\\[\\&\\>li\\]\\:before\\:content-\\[\\'-\\'\\] > li)::before { color: pink; }"
        ),
        (
            "@import url(\"https://fonts.googleapis.com/css2?family=Rubik:ital,wght@0,400;0,500;0,700;1,400&display=:hover\");",
            "@import url(\"https://fonts.googleapis.com/css2?family=Rubik:ital,wght@0,400;0,500;0,700;1,400&display=:hover\");"
        ),
    ])
    func rebuildTestCases(css: String, expected: String) {
        #expect(Self.withoutWhitespace(Self.replayedText(css)) == Self.withoutWhitespace(expected))
    }

    @Test(arguments: [
        ("@media only screen and (min-width: 1200px) { .a { width: 10px; }}", "@media only screen and (min-width: 1200px) { .a { width: 10px; }}"),
        ("@media only screen and (max-device-height: 1200px) { .a { width: 10px; }}", "@media only screen and (max-height: 1200px) { .a { width: 10px; }}"),
        (
            "body > ul :is(li:not(:first-of-type) a.current, li:not(:first-of-type).active a) {background: red;}",
            "body > ul :is(li:not(:first-of-type) a.current, li:not(:first-of-type).active a) {background: red;}"
        ),
        (
            "body > ul :is(li:not(:first-of-type) a:hover, li:not(:first-of-type).active a) {background: red;}",
            "body > ul :is(li:not(:first-of-type) a:hover, li:not(:first-of-type).active a),\nbody > ul :is(li:not(:first-of-type) a.\\:hover, li:not(:first-of-type).active a) {background: red;}"
        ),
        (
            "li[attr=\"weirdly(\"] a:hover, li[attr=\"weirdly)\"] a {background-color: red;}",
            "li[attr=\"weirdly(\"] a:hover, li[attr=\"weirdly)\"] a,\nli[attr=\"weirdly(\"] a.\\:hover {background-color: red;}"
        ),
        (
            "li[attr=\"weirder\\\"(\"] a:hover, li[attr=\"weirder\\\")\"] a {background-color: red;}",
            "li[attr=\"weirder\\\"(\"] a:hover, li[attr=\"weirder\\\")\"] a,\nli[attr=\"weirder\\\"(\"] a.\\:hover {background-color: red;}"
        ),
        ("li[attr=\"has,comma\"] a:hover {background: red;}", "li[attr=\"has,comma\"] a:hover,\nli[attr=\"has,comma\"] a.\\:hover {background: red;}"),
    ])
    func cssTestCases(css: String, expected: String) {
        #expect(Self.replayedText(css) == expected)
    }

    @Test("each rr_split part and a legacy isStyle text are adapted; text mutations and CSSOM rules are not, as in rrweb's replayer")
    func whereTheRewriteApplies() {
        let session = Rules.session(body: [
            .element(id: 10, tagName: "style", attributes: ["_cssText": ".a:hover { top: 0; }/* rr_split */.b:hover { top: 1px; }"], childNodes: [.text(id: 11, ""), .text(id: 12, "")]),
            .element(id: 20, tagName: "style", childNodes: [SerializedNode(type: .text, id: 21, textContent: ".c:hover { top: 2px; }", isStyle: true)]),
            .element(id: 30, tagName: "style", childNodes: [.text(id: 31, ".d { top: 3px; }")]),
        ], [
            Rules.mutation(texts: [TextChange(id: 31, value: ".e:hover { top: 4px; }")]),
        ])
        let dom = session.finalState()
        #expect(dom.findings.isEmpty, "\(dom.findings)")
        #expect(dom.node(id: 11)?.textContent == ".a:hover,\n.a.\\:hover { top: 0; }")
        #expect(dom.node(id: 12)?.textContent == ".b:hover,\n.b.\\:hover { top: 1px; }")
        #expect(dom.node(id: 21)?.textContent == ".c:hover,\n.c.\\:hover { top: 2px; }")
        #expect(dom.node(id: 31)?.textContent == ".e:hover { top: 4px; }")
    }

    @Test("text a CSS parser cannot read to the end is kept as it was, as rrweb keeps it when PostCSS throws")
    func unreadableTextIsKept() {
        #expect(Self.replayedText(".a:hover { color: red") == ".a:hover { color: red")
        #expect(Self.replayedText(".a:hover { content: \"open }") == ".a:hover { content: \"open }")
        #expect(Self.replayedText("} .a:hover { top: 0 }") == "} .a:hover { top: 0 }")
    }
}
