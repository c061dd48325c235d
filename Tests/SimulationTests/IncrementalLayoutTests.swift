import Markup
import ScenarioLanguage
@testable import Simulation
import Testing

/// The layout lays out again only what changed or moved; its boxes must be those of laying out the whole page afresh.
@Suite("Incremental layout")
struct IncrementalLayoutTests {
    static let viewport = Viewport(width: 1000, height: 700)

    static let html = """
        <!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body>
        <header><a href="/">Shop</a> <input id="search"> <span id="count">0</span></header>
        <main id="main"><h1>Catalog</h1><ul id="list"><li>One</li><li id="two">Two <b>bold</b></li></ul>
        <p id="para">Some text that runs along.</p><div id="box"><button id="go">Go</button><textarea id="note" rows="3"></textarea></div>
        <iframe id="frame" srcdoc="<p id=inner>Inside</p>"></iframe><section id="tail"><h2>Tail</h2><p>End</p></section></main>
        <footer id="foot"><span>Footer</span></footer></body></html>
        """

    /// The boxes of every node in the document (detached nodes are no part of the page).
    static func boxes(_ dom: inout VirtualDOM) -> [Int: Box] {
        _ = dom.box(of: 1)
        var result: [Int: Box] = [1: dom[1].box]
        for id in dom.descendants(of: 1) { result[id] = dom[id].box }
        return result
    }

    /// The boxes of the same DOM laid out from nothing (a resize clears every box and lays out every node).
    static func fullLayoutBoxes(_ dom: VirtualDOM) -> [Int: Box] {
        var fresh = dom
        fresh.resize(to: dom.viewport)
        return boxes(&fresh)
    }

    static func expectSameAsFullLayout(_ dom: inout VirtualDOM, after edit: String) {
        let incremental = boxes(&dom)
        let full = fullLayoutBoxes(dom)
        let differing = incremental.keys.sorted().filter { incremental[$0] != full[$0] }
        #expect(differing.isEmpty, "after \(edit): nodes \(differing.prefix(5)) differ, e.g. \(differing.first.map { "\(incremental[$0]!) instead of \(full[$0]!)" } ?? "")")
    }

    @Test("After each kind of DOM change the boxes equal a full layout's")
    func everyEditMatchesFullLayout() throws {
        var dom = VirtualDOM(document: HTMLParser.parse(Self.html), url: "https://a.example/", viewport: Self.viewport)
        func id(_ selector: String) throws -> Int {
            let found = dom.first(selector)
            return try #require(found, "\(selector) matches nothing")
        }
        Self.expectSameAsFullLayout(&dom, after: "load")

        let count = try id("#count")
        for text in ["12", "1234567890", ""] {
            for child in dom[count].children { dom.detach(child) }
            _ = dom.appendText(text, to: count)
            Self.expectSameAsFullLayout(&dom, after: "set-text \"\(text)\"")
        }
        let list = try id("#list")
        for n in 0..<3 {
            _ = dom.append(html: "<li>Added \(n) with a longer line of text</li>", to: list)
            Self.expectSameAsFullLayout(&dom, after: "add-element \(n)")
        }
        let two = try id("#two")
        dom.setAttribute(two, "hidden", "")
        Self.expectSameAsFullLayout(&dom, after: "hide an item")
        _ = dom.removeAttribute(two, "hidden")
        Self.expectSameAsFullLayout(&dom, after: "show it again")
        let para = try id("#para")
        _ = dom.append(html: "<em>emphasis</em>", to: para)
        Self.expectSameAsFullLayout(&dom, after: "an element into a text-only paragraph")
        dom.detach(dom[para].children.last!)
        Self.expectSameAsFullLayout(&dom, after: "the paragraph text-only again")
        dom.setAttribute(try id("#note"), "rows", "6")
        Self.expectSameAsFullLayout(&dom, after: "a taller textarea")
        let go = try id("#go")
        dom.setText(dom[go].children[0], "Go on, press it")
        Self.expectSameAsFullLayout(&dom, after: "a wider button")
        let box = try id("#box")
        dom.detach(box)
        Self.expectSameAsFullLayout(&dom, after: "remove-element")
        dom.reattach(box, to: try id("#foot"))
        Self.expectSameAsFullLayout(&dom, after: "move-element")
        dom.setAttribute(try id("#main"), "hidden", "")
        Self.expectSameAsFullLayout(&dom, after: "hide main")
        _ = dom.removeAttribute(try id("#main"), "hidden")
        Self.expectSameAsFullLayout(&dom, after: "show main")
        dom.resize(to: Viewport(width: 420, height: 900))
        Self.expectSameAsFullLayout(&dom, after: "resize")
    }

    @Test("A change inside one block leaves the blocks before it in place and moves the ones after it")
    func laterBlocksMove() throws {
        var dom = VirtualDOM(document: HTMLParser.parse(Self.html), url: "https://a.example/", viewport: Self.viewport)
        let found = (list: dom.first("#list"), tail: dom.first("#tail"), heading: dom.first("h1"))
        let list = try #require(found.list), tail = try #require(found.tail), heading = try #require(found.heading)
        let before = (heading: dom.box(of: heading), tail: dom.box(of: tail))
        _ = dom.append(html: "<li>New</li>", to: list)
        #expect(dom.box(of: heading) == before.heading)
        #expect(dom.box(of: tail).y == before.tail.y + 20)
    }
}
