import Markup
import ScenarioLanguage
@testable import Simulation
import Testing

/// The hit test searches long lists of stacked blocks by halving; it must find what scanning every
/// child from the end finds, wherever the point is and whatever changed since the last layout.
@Suite("Hit testing")
struct HitTestTests {
    static let viewport = Viewport(width: 900, height: 600)

    /// A page with a long list of blocks (with hidden and empty ones among them), a long run of inline
    /// elements that share lines (so its boxes overlap in height and cannot be halved) and a short list.
    static let html: String = {
        let blocks = (0..<30).map { n in
            n % 7 == 3 ? "<li hidden>gone \(n)</li>" : n % 9 == 4 ? "<li></li>" : "<li id=\"b\(n)\"><span>Item \(n)</span> <button>Buy</button></li>"
        }.joined()
        let inline = (0..<25).map { "<span id=\"s\($0)\">word \($0)</span>" }.joined(separator: " ")
        return """
            <html><body><ul id="blocks">\(blocks)</ul><p id="inline">\(inline)</p>
            <div id="short"><a href="/">Home</a></div></body></html>
            """
    }()

    /// What the hit test answered before it had tables: at each level the last child whose box holds the point.
    static func scanned(_ dom: inout VirtualDOM, x: Double, y: Double) -> Int {
        _ = dom.box(of: 1)
        var current = 1
        while true {
            let document = dom[current].contentDocument
            if document != 0 {
                guard dom[document].box.contains(x, y) else { break }
                current = document
                continue
            }
            let candidates = dom[current].shadowChildren.reversed() + dom[current].children.reversed()
            guard let child = candidates.first(where: { (dom[$0].kind == .element || dom[$0].kind == .document) && dom[$0].box.contains(x, y) }) else { break }
            current = child
        }
        return dom[current].kind == .document && current == 1 ? dom.bodyId : current
    }

    /// Every fourth pixel row and a few columns of the page, as points to test.
    static func grid(_ dom: inout VirtualDOM) -> [(x: Double, y: Double)] {
        let height = dom.box(of: dom.bodyId).height
        return stride(from: -2.0, to: height + 10, by: 4).flatMap { y in [0.0, 9, 60, 130, 450, 899].map { (x: $0, y: y) } }
    }

    @Test("on a long list of blocks, a long inline run and a short list, the hit test finds what a scan finds at every point")
    func sameAsScanning() throws {
        var dom = VirtualDOM(document: HTMLParser.parse(HitTestTests.html), url: "https://a.example/", viewport: HitTestTests.viewport)
        let points = HitTestTests.grid(&dom)
        var listItemsHit = Set<Int>()
        for point in points {
            let found = dom.hitTest(x: point.x, y: point.y)
            let scanned = HitTestTests.scanned(&dom, x: point.x, y: point.y)
            #expect(found == scanned, "at (\(point.x), \(point.y))")
            if dom[found].tag == "li" || dom[dom[found].parent].tag == "li" { listItemsHit.insert(found) }
        }
        // The grid reaches into the list's items, so the halving search was exercised, not skipped.
        #expect(listItemsHit.count > 20)
    }

    @Test("after blocks are added to, removed from and hidden in the list, the answers follow the new layout")
    func followsChanges() throws {
        var dom = VirtualDOM(document: HTMLParser.parse(HitTestTests.html), url: "https://a.example/", viewport: HitTestTests.viewport)
        let foundList = dom.first("#blocks")
        let list = try #require(foundList)
        for point in HitTestTests.grid(&dom) { _ = dom.hitTest(x: point.x, y: point.y) }
        let added = dom.append(html: "<li id=\"late\">Late item</li>", to: list).added
        let addedBox = dom.box(of: added[0])
        let foundAdded = dom.hitTest(x: addedBox.center.x, y: addedBox.center.y)
        #expect(foundAdded == added[0])
        let removed = dom.first("#b5"), hidden = dom.first("#b8")
        dom.detach(try #require(removed))
        dom.setAttribute(try #require(hidden), "hidden", "")
        for point in HitTestTests.grid(&dom) {
            let found = dom.hitTest(x: point.x, y: point.y)
            let scanned = HitTestTests.scanned(&dom, x: point.x, y: point.y)
            #expect(found == scanned, "at (\(point.x), \(point.y))")
        }
    }
}
