import Markup
import ScenarioLanguage
@testable import Simulation
import Testing

/// The node `selector` finds (the test page has it).
private func node(_ selector: String, _ dom: inout VirtualDOM) -> Int {
    dom.first(selector)!
}

/// A masker brought up to date after each change decides as one made afresh for the changed page.
@Suite("Masker refresh after changes")
struct MaskerRefreshTests {
    static let policy = MaskingPolicy(maskTextClasses: ["secret"], blockClasses: ["hide"], ignoreClasses: ["quiet"], honorsDataPrivate: true)
    static let html = """
        <!DOCTYPE html><html><body><p id="a">A</p><p id="b" class="secret">B</p><div id="c"><span id="d">D</span></div>
        <input id="e"><p id="f" class="rr-mask">F</p></body></html>
        """

    /// What the masker says of every node.
    static func decisions(_ masker: Masker, _ dom: VirtualDOM) -> [String] {
        (1..<dom.count).filter { dom[$0].alive }.map { id in
            "\(id): blocked \(masker.isBlocked(id)) inside \(masker.isInsideBlocked(id, dom)) text \(masker.masksText(under: id, dom)) ignored \(masker.ignoresInput(id, dom))"
        }
    }

    @Test("After each attribute change, one at a time or several at once, the refreshed masker equals a fresh one")
    func attributeChanges() {
        var dom = VirtualDOM(document: HTMLParser.parse(Self.html), url: "https://a.example/", viewport: Viewport(width: 800, height: 600))
        let masker = Masker(policy: Self.policy)
        masker.refresh(&dom)
        let steps: [(name: String, change: (inout VirtualDOM) -> Void)] = [
            ("class added", { dom in dom.setAttribute(node("#a", &dom), "class", "secret") }),
            ("class removed", { dom in _ = dom.removeAttribute(node("#b", &dom), "class") }),
            ("block class on a parent", { dom in dom.setAttribute(node("#c", &dom), "class", "x hide") }),
            ("block class replaced", { dom in dom.setAttribute(node("#c", &dom), "class", "x") }),
            ("data-private", { dom in dom.setAttribute(node("#d", &dom), "data-private", "") }),
            ("two at once", { dom in
                dom.setAttribute(node("#e", &dom), "class", "quiet")
                dom.setAttribute(node("#f", &dom), "class", "plain")
            }),
            ("new node, then its class", { dom in
                let added = dom.append(html: "<b id=\"g\">G</b>", to: node("#c", &dom)).added[0]
                dom.setAttribute(added, "class", "secret")
            }),
            ("new node flagged after a refresh", { dom in dom.setAttribute(node("#g", &dom), "class", "hide") }),
        ]
        for (name, change) in steps {
            change(&dom)
            masker.refresh(&dom)
            let fresh = Masker(policy: Self.policy)
            fresh.refresh(&dom)
            #expect(Self.decisions(masker, dom) == Self.decisions(fresh, dom), "after \(name)")
        }
    }
}
