import Markup
import ScenarioLanguage
@testable import Simulation
import Testing

/// The element `selector` finds (the test pages have it).
private func element(_ selector: String, _ dom: inout VirtualDOM) -> Int {
    dom.first(selector)!
}

/// Selector answers kept per DOM state (`SelectorAnswers`) are those of walking the DOM afresh, however
/// the DOMs that share them diverge.
@Suite("Selector answers kept per DOM state")
struct SelectorAnswersTests {
    static let html = """
        <!DOCTYPE html><html><body><div id="a"><p class="x">One</p><ul id="list"><li id="one">1</li></ul>
        <p id="e"></p><span id="tag" data-k="v">T</span></div></body></html>
        """
    static let selectors = ["#a", "#one", ".x", "p", "div > p.x", "li:last-child", "[data-k=v]", "[data-k=w]", "p:empty", "#list li.x", "span"]

    static func fresh() -> VirtualDOM {
        VirtualDOM(document: HTMLParser.parse(html), url: "https://a.example/", viewport: Viewport(width: 1000, height: 700))
    }

    /// Every selector's answers, `first` and `select`.
    static func answers(_ dom: inout VirtualDOM) -> [String] {
        selectors.map { "\($0): first \(dom.first($0).map(String.init) ?? "none"), all \(dom.select($0))" }
    }

    /// The DOM one change leads to, as a scenario step would make it.
    typealias Change = @Sendable (inout VirtualDOM) -> Void

    static let changes: [(name: String, change: Change)] = [
        ("append", { dom in _ = dom.append(html: "<li class=\"x\">2</li>", to: element("#list", &dom)) }),
        ("append text", { dom in _ = dom.appendText("t", to: element("#e", &dom)) }),
        ("set attribute", { dom in dom.setAttribute(element("#tag", &dom), "data-k", "w") }),
        ("remove attribute", { dom in _ = dom.removeAttribute(element("p.x", &dom), "class") }),
        ("set text", { dom in dom.setText(dom[element("#one", &dom)].children[0], "changed") }),
        ("detach and kill", { dom in let one = element("#one", &dom); dom.detach(one); dom.kill(one) }),
        ("move", { dom in let tag = element("#tag", &dom); dom.detach(tag); dom.reattach(tag, to: element("#list", &dom)) }),
    ]

    @Test("After every change, the answers of a DOM that asked in each state equal those of one asking only now")
    func answersFollowChanges() {
        var asking = Self.fresh()
        var walked = [Change]()
        _ = Self.answers(&asking)
        for (name, change) in Self.changes {
            change(&asking)
            walked.append(change)
            // Another page of its own (its own answers), brought to the same state without asking on the way.
            var late = Self.fresh()
            for earlier in walked { earlier(&late) }
            #expect(Self.answers(&asking) == Self.answers(&late), "after \(name)")
        }
    }

    @Test("Copies of one page that make different changes of the same kind keep apart answers")
    func divergingCopiesKeepTheirOwn() {
        var original = Self.fresh()
        _ = Self.answers(&original)
        let pairs: [(name: String, left: Change, right: Change)] = [
            ("markup", { dom in _ = dom.append(html: "<p class=\"x\">2</p>", to: element("#a", &dom)) },
                       { dom in _ = dom.append(html: "<p class=\"y\">2</p>", to: element("#a", &dom)) }),
            ("attribute value", { dom in dom.setAttribute(element("#tag", &dom), "data-k", "w") },
                                { dom in dom.setAttribute(element("#tag", &dom), "data-k", "v") }),
            ("attribute name", { dom in dom.setAttribute(element("#tag", &dom), "data-k", "w") },
                               { dom in dom.setAttribute(element("#tag", &dom), "data-kw", "") }),
            ("removed node", { dom in let one = element("#one", &dom); dom.detach(one); dom.kill(one) },
                             { dom in let e = element("#e", &dom); dom.detach(e); dom.kill(e) }),
        ]
        for (name, left, right) in pairs {
            var first = original, second = original
            left(&first)
            let leftAnswers = Self.answers(&first)
            right(&second)
            var alone = Self.fresh()
            right(&alone)
            #expect(Self.answers(&second) == Self.answers(&alone), "\(name): the second copy got the first one's answers")
            #expect(leftAnswers != Self.answers(&second), "\(name): the two changes should answer differently")
        }
    }

    @Test("The same change from the same state shares answers; past the fan-out or the budget a change gets answers of its own")
    func sharingAndLimits() {
        let root = SelectorAnswers()
        #expect(root.after(.append(parent: 3, html: "<p>")) === root.after(.append(parent: 3, html: "<p>")))
        #expect(root.after(.append(parent: 3, html: "<p>")) !== root.after(.append(parent: 3, html: "<b>")))
        for index in 0..<SelectorAnswers.fanOut { _ = root.after(.detach(index)) }
        let pastFanOut = root.after(.detach(-1))
        #expect(pastFanOut !== root.after(.detach(-1)))
        pastFanOut.storeFirst("#a", 5)
        #expect(pastFanOut.first("#a") == .some(5))
        #expect(pastFanOut.after(.kill(1)) !== pastFanOut.after(.kill(1)))

        // A chain of states, one change each: the fresh one and the budget's worth of states after it are shared.
        var state = SelectorAnswers()
        for index in 1..<(SelectorAnswers.budget - 1) { state = state.after(.kill(index)) }
        #expect(state.after(.kill(0)) === state.after(.kill(0)), "the budget was spent too early")
        let last = state.after(.kill(0))
        #expect(last.after(.kill(0)) !== last.after(.kill(0)), "past the budget a state was still shared")
    }
}
