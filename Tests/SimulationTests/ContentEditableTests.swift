import Foundation
import Replay
import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("Contenteditable: typing edits the text at the caret")
struct ContentEditableTests {
    /// The body of the recording's last window after every event, as canonical HTML.
    func finalBody(_ simulation: Simulation) -> String {
        let html = ReplaySession(events: simulation.sessions[0].windows[0].events).finalState().html()
        guard let start = html.range(of: "<body>"), let end = html.range(of: "</body>") else { return html }
        return String(html[start.upperBound..<end.lowerBound]).split(separator: "\n").map { $0.drop { $0 == " " } }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("type X then type Y into <div contenteditable><p>Para</p></div> replays as <p>ParaXY</p>, with text mutations only")
    func typesAtTheEndOfTheLastTextNode() throws {
        let editor = page("https://docs.example/", #"<div id="doc" contenteditable="true"><p>Para</p></div>"#)
        let simulation = try simulate([.visit(url: editor.url), .click(target: "#doc"), .type(target: "#doc", text: .literal("X")), .type(target: "#doc", text: .literal("Y"))], pages: [editor])
        #expect(finalBody(simulation) == """
            <div contenteditable="true" id="doc">
            <p>ParaXY</p>
            </div>
            """)
        let changes = mutations(simulation)
        #expect(changes.allSatisfy { $0.adds.isEmpty && $0.removes.isEmpty }, "typing into existing text adds no node")
        #expect(changes.flatMap(\.texts).map(\.value) == ["ParaX", "ParaXY"])
    }

    @Test("After a click on an inner element the caret is at the end of that element's last text node")
    func clickedElementHoldsTheCaret() throws {
        let editor = page("https://docs.example/", #"<div id="doc" contenteditable="true"><p id="one">One</p><p id="two">Two</p></div>"#)
        let simulation = try simulate([.visit(url: editor.url), .click(target: "#one"), .type(target: "#doc", text: .literal("!"))], pages: [editor])
        #expect(finalBody(simulation) == """
            <div contenteditable="true" id="doc">
            <p id="one">One!</p>
            <p id="two">Two</p>
            </div>
            """)
    }

    @Test("An empty contenteditable gets one text node added, then text changes on it")
    func emptyEditableAddsOneTextNode() throws {
        let editor = page("https://docs.example/", #"<div id="doc" contenteditable="true"></div>"#)
        let simulation = try simulate([.visit(url: editor.url), .type(target: "#doc", text: .literal("ab"))], pages: [editor])
        let changes = mutations(simulation)
        #expect(changes.flatMap(\.adds).count == 1)
        #expect(changes.flatMap(\.texts).map(\.value) == ["ab"])
        #expect(finalBody(simulation) == #"<div contenteditable="true" id="doc">ab</div>"#)
    }
}
