import ScenarioLanguage
import Testing

@Suite("push-state, replace-state, pop-state, resize and rotate")
struct HistoryAndViewportTests {
    static let source = """
        scenario "spa"
        page "https://shop.example/boots"
          html "<a id=\\"red\\" href=\\"/boots?color=red\\">Red</a>"
        visit "https://shop.example/boots"
        push-state "/boots?color=red"
        replace-state "https://shop.example/boots?color=red&size=42"
        pop-state
        resize 390x844
        rotate

        """

    @Test("each step parses, prints canonically and parses back equal; the builder says the same")
    func roundTripAndBuilder() throws {
        let scenario = try Scenario(parsing: Self.source, file: "spa.scenario")
        #expect(scenario.steps.map(\.action).dropFirst() == [
            .pushState(url: "/boots?color=red"), .replaceState(url: "https://shop.example/boots?color=red&size=42"), .popState,
            .resizeViewport(Viewport(width: 390, height: 844)), .rotate,
        ])
        let printed = ScenarioPrinter.print(scenario)
        #expect(printed.hasSuffix("""
            visit "https://shop.example/boots"
            push-state "/boots?color=red"
            replace-state "https://shop.example/boots?color=red&size=42"
            pop-state
            resize 390x844
            rotate

            """), "\(printed)")
        #expect(try Scenario(parsing: printed, file: "printed.scenario") == scenario)
        let built = Scenario("spa") {
            Page("https://shop.example/boots", html: #"<a id="red" href="/boots?color=red">Red</a>"#)
            Step.visit("https://shop.example/boots")
            Step.pushState("/boots?color=red")
            Step.replaceState("https://shop.example/boots?color=red&size=42")
            Step.popState()
            Step.resize(Viewport(width: 390, height: 844))
            Step.rotate()
        }
        #expect(built == scenario)
    }

    static let page = """
        scenario "t"
        page "https://shop.example/boots"
          html "<p>Boots</p>"

        """

    static let diagnosticCases: [DiagnosticCase] = [
        DiagnosticCase("misspelt popstate", source: page + "visit \"https://shop.example/boots\"\npopstate\n", expected: """
            error: unknown step "popstate"
             --> case.scenario:5:1
            5 | popstate
              | ^^^^^^^^ did you mean "pop-state"?

            """),
        DiagnosticCase("push-state to another origin", source: page + "visit \"https://shop.example/boots\"\npush-state \"https://evil.example/x\"\n", expected: """
            error: push-state to "https://evil.example/x" leaves the page's origin
             --> case.scenario:5:12
            5 | push-state "https://evil.example/x"
              |            ^^^^^^^^^^^^^^^^^^^^^^^^ history entries stay on https://shop.example; write a path like "/boots"

            """),
        DiagnosticCase("pop-state with no entry", source: page + "visit \"https://shop.example/boots\"\npush-state \"/a\"\npop-state\npop-state\n", expected: """
            error: pop-state without an entry to go back to
             --> case.scenario:7:1
            7 | pop-state
              | ^^^^^^^^^ pop-state goes back through push-state entries; use back to leave the page

            """),
        DiagnosticCase("history before any visit", source: page + "replace-state \"/a\"\n", expected: """
            error: replace-state before any visit
             --> case.scenario:4:1
            4 | replace-state "/a"
              | ^^^^^^^^^^^^^ steps act on the current page; visit one first

            """),
        DiagnosticCase("resize out of range", source: page + "visit \"https://shop.example/boots\"\nresize 100x844\n", expected: """
            error: viewport 100x844 is out of range
             --> case.scenario:5:8
            5 | resize 100x844
              |        ^^^^^^^ each side must be from 200 to 10000

            """),
        DiagnosticCase("rotate takes nothing", source: page + "visit \"https://shop.example/boots\"\nrotate landscape\n", expected: """
            error: unexpected text after the rotate step
             --> case.scenario:5:8
            5 | rotate landscape
              |        ^^^^^^^^^ remove this or start a new line

            """),
    ]

    @Test("mistakes are reported in place", arguments: diagnosticCases)
    func diagnostics(_ testCase: DiagnosticCase) {
        let result = ScenarioParser.parse(testCase.source, file: "case.scenario")
        #expect(result.scenario == nil)
        #expect(DiagnosticRenderer.render(result.diagnostics) == testCase.expected)
    }
}
