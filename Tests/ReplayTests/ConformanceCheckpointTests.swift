import Foundation
import Replay
import SessionModel
import Testing
import _TestSupport

/// The checkpoints listed in the conformance README, taken from rrweb's own replayer tests.
///
/// Each state is found by seeking (`ReplaySession.seek(to:)`); seek==play is checked elsewhere.
@Suite("Conformance checkpoints", .enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
struct ConformanceCheckpointTests {
    @Test func fixtureInput() throws {
        let session = try conformanceSession("rrweb-fixture-input.json")
        func select(_ t: Int64) -> DOMNodeView? { session.seek(to: t).document?.first("select") }
        func input(_ t: Int64) -> DOMNodeView? { session.seek(to: t).document?.first("input") }
        #expect(select(1050)?.value == "valueB")
        #expect(select(1550)?.value == "valueA")
        #expect(select(2050)?.value == "valueC")
        #expect(input(2550)?.value == "")
        #expect(input(3050)?.value == "test input")
        #expect(select(3550) == nil)
        #expect(input(4050) == nil)
    }

    @Test func fixtureScroll() throws {
        let session = try conformanceSession("rrweb-fixture-scroll.json")
        let at550 = try #require(session.seek(to: 550).document)
        #expect(at550.first("div", id: "container")?.scroll.top == 0)
        #expect(at550.first("div", id: "block") != nil)
        #expect(session.seek(to: 1050).document?.first("div", id: "container")?.scroll.top == 2500)
        #expect(session.seek(to: 1550).document?.scroll.top == 250)
        let at2050 = try #require(session.seek(to: 2050).document)
        #expect(at2050.first("div", id: "container") == nil)
        #expect(at2050.first("div", id: "block") == nil)
        // rrweb's test expects 0 here because the page became too short to scroll: a layout effect, not an event.
        #expect(at2050.scroll.top == 250)
    }

    @Test func fixtureIframe() throws {
        let session = try conformanceSession("rrweb-fixture-iframe.json")
        func topFrames(_ document: DOMNodeView) -> [DOMNodeView] {
            document.descendants { $0.tagName == "iframe" && $0.parent?.type == .element && $0.isTopLevel }
        }
        #expect(session.seek(to: 250).document?.first("iframe") == nil)

        let at550 = try #require(session.seek(to: 550).document)
        let one = try #require(at550.first("iframe", id: "one"))
        #expect(one.contentDocument?.first("script") != nil, "the recorded <script> (a <noscript> once rendered)")

        let at1050 = try #require(session.seek(to: 1050).document)
        #expect(topFrames(at1050).count == 2)
        let two = try #require(at1050.first("iframe", id: "two")?.contentDocument)
        #expect(two.descendants { $0.tagName == "iframe" }.count == 2)

        let at1550 = try #require(session.seek(to: 1550).document)
        let four = try #require(at1550.first("iframe", id: "four")?.contentDocument)
        #expect(four.first("title")?.textContent == "iframe 4")

        let at2050 = try #require(session.seek(to: 2050).document)
        let fourAgain = try #require(at2050.first("iframe", id: "four")?.contentDocument)
        let five = try #require(fourAgain.first("iframe", id: "five")?.contentDocument)
        #expect(five.first("script") != nil)

        let at2550 = try #require(session.seek(to: 2550).document)
        let fourLast = try #require(at2550.first("iframe", id: "four")?.contentDocument)
        #expect(fourLast.children.map(\.type) == [.documentType], "<html> removed, doctype kept")
    }

    @Test func fixtureShadowDOM() throws {
        let session = try conformanceSession("rrweb-fixture-shadow-dom.json")
        let at550 = try #require(session.seek(to: 550).document)
        let host = try #require(at550.first("body")?.children.first { $0.tagName == "div" })
        let root = try #require(host.shadowRoot)
        #expect(root.first { $0.tagName == "span" }?.textContent == "shadow dom one")

        let at1050 = try #require(session.seek(to: 1050).document)
        let host2 = try #require(at1050.first("body")?.children.first { $0.tagName == "div" })
        let inner = try #require(host2.shadowRoot?.first { $0.tagName == "div" })
        let innerRoot = try #require(inner.shadowRoot)
        #expect(innerRoot.first { $0.tagName == "span" }?.textContent == "shadow dom two")
    }

    @Test func fixtureLegacyTextarea() throws {
        let session = try conformanceSession("rrweb-fixture-legacy-textarea.json")
        #expect(session.seek(to: 100).document?.first("textarea")?.value == "this value is used for replay")
    }

    /// rrweb's "can record and replay textarea mutations correctly": step through the events.
    @Test func recordedTextareaDirtyValue() throws {
        let session = try conformanceSession("rrweb-rec-textarea.json")
        var player = session.play()
        var values: [String] = []
        while let index = player.step() {
            let event = session.events[index]
            guard case .incrementalSnapshot(let data) = event.data else { continue }
            let kind: String
            switch data {
            case .mutation: kind = "Mutation"
            case .input: kind = "User"
            default: continue
            }
            let document = try #require(player.state.document)
            if let first = document.first("textarea") { values.append("\(kind):\(first.value ?? "")") }
            if let second = document.first("textarea", id: "ta2") { values.append("ta2:\(second.value ?? "")") }
        }
        #expect(values == ["Mutation:pre value", "ta2:", "Mutation:ok", "ta2:added", "Mutation:ok3", "User:1ok3", "Mutation:1ok3", "User:12ok3"])
    }
}

extension DOMNodeView {
    /// Whether the node belongs to the top document rather than an iframe's.
    var isTopLevel: Bool {
        var current: DOMNodeView? = self
        while let node = current {
            if node.type == .document { return node.parent == nil && !node.isFrameDocument }
            current = node.parent
        }
        return false
    }
}
