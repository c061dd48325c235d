import ScenarioLanguage
import Testing

@Suite("the page block's record-after setting")
struct PageRecordAfterTests {
    @Test("parses in either order with html, prints after the html, round-trips, and equals the builder")
    func roundTrip() throws {
        let source = "scenario \"t\"\npage \"https://a.example/\"\n  record-after load\n  html \"<p>A</p>\"\nvisit \"https://a.example/\"\n"
        let scenario = try Scenario(parsing: source, file: "t.scenario")
        #expect(scenario.pages[0].recordAfter == .load)
        let printed = ScenarioPrinter.print(scenario)
        #expect(printed.contains("  >>>\n  record-after load\n"))
        #expect(try Scenario(parsing: printed, file: "p.scenario") == scenario)
        let built = Scenario("t") {
            Page("https://a.example/", html: "<p>A</p>", recordAfter: .load)
            Step.visit("https://a.example/")
        }
        #expect(built == scenario)
    }

    @Test("a misspelt event is reported with a suggestion")
    func misspelt() {
        let result = ScenarioParser.parse("scenario \"t\"\npage \"https://a.example/\"\n  html \"<p>A</p>\"\n  record-after laod\n", file: "case.scenario")
        #expect(DiagnosticRenderer.render(result.diagnostics) == """
            error: unknown load event "laod"
             --> case.scenario:4:16
            4 |   record-after laod
              |                ^^^^ did you mean "load"?

            """)
    }
}
