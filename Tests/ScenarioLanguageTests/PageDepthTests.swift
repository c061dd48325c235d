import Markup
import ScenarioLanguage
import SessionModel
import Testing

/// Pages nested deeper than a recording of them can be stored are refused where they are written.
@Suite("page nesting depth")
struct PageDepthTests {
    /// `depth` nested divs, the innermost with id `deep`.
    static func nested(_ depth: Int) -> String {
        String(repeating: "<div>", count: depth - 1) + #"<div id="deep">x</div>"# + String(repeating: "</div>", count: depth - 1)
    }

    static func scenario(html: String, steps: String = "") -> String {
        """
        scenario "deep"
        page "https://a.example/"
          html <<<
            <button id="b">B</button>
            \(html)
          >>>
        visit "https://a.example/"
        click "#b"
        \(steps)
        """
    }

    @Test("a page as deep as recordings admit parses; one element deeper is an error at that element's tag, with file:line:column")
    func heredocPage() {
        #expect(ScenarioParser.parse(Self.scenario(html: Self.nested(UploadBatch.deepestPage)), file: "d.scenario").diagnostics == [])
        let result = ScenarioParser.parse(Self.scenario(html: Self.nested(UploadBatch.deepestPage + 1)), file: "d.scenario")
        #expect(result.scenario == nil)
        // The 257th div opens after 4 spaces and 256 "<div>"s: column 5 + 256 * 5 = 1285.
        #expect(DiagnosticRenderer.render(result.diagnostics) == """
            error: page "https://a.example/" nests elements more than 256 deep
             --> d.scenario:5:1285
            5 | …\(String(repeating: "<div>", count: 8))<div id="deep">x</div>\(String(repeating: "</div>", count: 9))</di…
              |  \(String(repeating: " ", count: 40))^^^^^^^^^^^^^^^ the first element past 256 levels; recordings and the reference server admit 256

            """)
    }

    @Test("an inline html string too deep is underlined whole, and a srcdoc frame counts its host's depth")
    func inlineAndFramePages() {
        let inline = "scenario \"deep\"\npage \"https://a.example/\"\n  html \"\(String(repeating: "<i>", count: 300))\"\nvisit \"https://a.example/\"\n"
        let diagnostics = ScenarioParser.parse(inline, file: "d.scenario").diagnostics
        #expect(diagnostics.map(\.message) == [#"page "https://a.example/" nests elements more than 256 deep"#])
        #expect(diagnostics.first?.location == SourceLocation(file: "d.scenario", line: 3, column: 8))
        let frame = String(repeating: "<div>", count: 200) + "<iframe srcdoc=\"" + String(repeating: "<span>", count: 60) + "\"></iframe>"
        #expect(ScenarioParser.parse(Self.scenario(html: frame), file: "d.scenario").diagnostics.map(\.location.column) == [5 + 200 * 5])
    }

    @Test("add-element and move-element that would make the page too deep are errors at their HTML or destination")
    func stepsThatDeepen() {
        let steps = """
            add-element "#deep" "<span><span>y</span></span>"
            move-element "#b" into "#deep"
            """
        let result = ScenarioParser.parse(Self.scenario(html: Self.nested(255), steps: steps), file: "d.scenario")
        #expect(result.diagnostics.map(\.message) == ["the page would nest elements 257 deep after this step"])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "d.scenario", line: 9, column: 21))
        let moved = ScenarioParser.parse(Self.scenario(html: Self.nested(256), steps: ##"move-element "#b" into "#deep""##), file: "d.scenario")
        #expect(moved.diagnostics.map(\.message) == ["the page would nest elements 257 deep after this step"])
        #expect(moved.diagnostics.first?.location.column == 24)
        let fits = ScenarioParser.parse(Self.scenario(html: Self.nested(254), steps: steps), file: "d.scenario")
        #expect(fits.diagnostics == [])
    }
}
