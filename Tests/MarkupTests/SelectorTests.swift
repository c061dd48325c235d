import Testing
import Markup

/// A selector and the ids of the elements it must match in `SelectorTests.page`, in document order.
struct SelectorCase: Sendable, CustomTestStringConvertible {
    let selector: String
    let ids: [String]
    var testDescription: String { selector }
}

@Suite("CSS selectors")
struct SelectorTests {
    static let page = HTMLParser.parse(#"""
        <html id="root"><body id="body">
          <form id="checkout" class="form main">
            <input id="email" type="email" name="email" required>
            <input id="card" type="text" data-private autocomplete="cc-number">
            <input id="agree" type="checkbox" checked>
            <button id="pay" class="btn btn-primary" disabled>Pay</button>
          </form>
          <ul id="list"><li id="l1" lang="en-GB">a</li><li id="l2">b</li><li id="l3"></li></ul>
          <x-widget id="host"><template shadowrootmode="open"><input id="shadow-input"></template></x-widget>
          <iframe id="frame" srcdoc="<input id='frame-input'>"></iframe>
        </body></html>
        """#)

    static let cases: [SelectorCase] = [
        SelectorCase(selector: "#email", ids: ["email"]),
        SelectorCase(selector: "input", ids: ["email", "card", "agree", "shadow-input", "frame-input"]),
        SelectorCase(selector: ".btn.btn-primary", ids: ["pay"]),
        SelectorCase(selector: "form.main > input[type=email]", ids: ["email"]),
        SelectorCase(selector: "[data-private]", ids: ["card"]),
        SelectorCase(selector: "[autocomplete^=cc]", ids: ["card"]),
        SelectorCase(selector: "[autocomplete$=number]", ids: ["card"]),
        SelectorCase(selector: "[class*=prim]", ids: ["pay"]),
        SelectorCase(selector: "[class~=main]", ids: ["checkout"]),
        SelectorCase(selector: "[lang|=en]", ids: ["l1"]),
        SelectorCase(selector: "[type=EMAIL i]", ids: ["email"]),
        SelectorCase(selector: "#email + input", ids: ["card"]),
        SelectorCase(selector: "#email ~ *", ids: ["card", "agree", "pay"]),
        SelectorCase(selector: "li:first-child, li:last-child", ids: ["l1", "l3"]),
        SelectorCase(selector: "li:nth-child(2n+1)", ids: ["l1", "l3"]),
        SelectorCase(selector: "li:nth-child(even)", ids: ["l2"]),
        SelectorCase(selector: "li:empty", ids: ["l3"]),
        SelectorCase(selector: "input:not([type=checkbox]):not(#card)", ids: ["email", "shadow-input", "frame-input"]),
        SelectorCase(selector: ":checked", ids: ["agree"]),
        SelectorCase(selector: "button:disabled", ids: ["pay"]),
        SelectorCase(selector: ":root", ids: ["root"]),
        SelectorCase(selector: "#host input", ids: ["shadow-input"]),
        SelectorCase(selector: "iframe > input", ids: ["frame-input"]),
        SelectorCase(selector: "ul > #l9", ids: []),
    ]

    @Test("matches like querySelectorAll, piercing shadow roots and frames", arguments: cases)
    func matches(_ testCase: SelectorCase) throws {
        let selector = try CSSSelector(testCase.selector)
        #expect(Self.page.select(selector).map { $0.element.id ?? "?" } == testCase.ids)
    }

    @Test("light-DOM queries stop at shadow roots and frames")
    func lightDOM() throws {
        let ids = Self.page.select(try CSSSelector("input"), options: .lightDOM).map { $0.element.id ?? "?" }
        #expect(ids == ["email", "card", "agree"])
    }

    @Test("malformed selectors name the problem and its offset", arguments: [
        ("", "empty selector", 0),
        ("div[x", "expected \"]\" to close \"[\"", 3),
        ("#", "expected an id after \"#\"", 1),
        ("a >", "selector ends where a compound selector was expected", 3),
        ("p:hover", "unsupported pseudo-class \":hover\"", 1),
        ("li:nth-child(x)", "cannot read \"x\" as An+B", 2),
        ("a,,b", "unexpected \",\" in selector", 2),
    ])
    func errors(_ source: String, _ message: String, _ offset: Int) {
        #expect(throws: CSSSelectorError(message: message, offset: offset)) { try CSSSelector(source) }
    }

    @Test("paths read back the matched element, and edits apply in place")
    func editing() throws {
        var document = Self.page
        let pay = try #require(document.select(try CSSSelector("#pay")).first)
        #expect(document.element(at: pay.path) == pay.element)
        document.updateElement(at: pay.path) { $0.removeAttribute("disabled"); $0.setAttribute("aria-busy", "true") }
        #expect(document.element(at: pay.path)?.attributes.map(\.name) == ["id", "class", "aria-busy"])

        let list = try #require(document.select(try CSSSelector("#list")).first)
        let inserted = document.insert(.element(HTMLElement(tagName: "li", attributes: [HTMLAttribute(name: "id", value: "l4")])), into: list.path)
        #expect(inserted)
        #expect(document.select(try CSSSelector("li:last-child")).map { $0.element.id } == ["l4"])

        let shadowInput = try #require(document.select(try CSSSelector("#shadow-input")).first)
        #expect(shadowInput.path.steps.contains(.shadowRoot))
        let removed = document.removeNode(at: shadowInput.path)
        #expect(removed?.element?.id == "shadow-input")
        #expect(document.select(try CSSSelector("#shadow-input")).isEmpty)

        let frameInput = try #require(document.select(try CSSSelector("#frame-input")).first)
        document.updateElement(at: frameInput.path) { $0.setAttribute("value", "x") }
        #expect(document.element(at: frameInput.path)?.attribute("value") == "x")
        #expect(document.element(at: NodePath([.child(99)])) == nil)
    }

    @Test("paths order in document order")
    func pathOrder() {
        let paths = Self.page.allElements().map(\.path)
        #expect(paths == paths.sorted())
    }
}
