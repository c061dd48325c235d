import ScenarioLanguage
import Testing

@Suite("unload during-upload uploads N")
struct UnloadInFlightStepTests {
    static let page = "scenario \"t\"\npage \"https://a.example/\"\n  html \"<p>A</p>\"\nvisit \"https://a.example/\"\n"

    @Test("parses, prints canonically, parses back equal, and equals the builder")
    func roundTrip() throws {
        let scenario = try Scenario(parsing: Self.page + "unload during-upload uploads 3\n", file: "u.scenario")
        #expect(scenario.steps.last?.action == .unloadDuringUploads(3))
        let printed = ScenarioPrinter.print(scenario)
        #expect(printed.hasSuffix("unload during-upload uploads 3\n"))
        #expect(try Scenario(parsing: printed, file: "p.scenario") == scenario)
        let built = Scenario("t") {
            Page("https://a.example/", html: "<p>A</p>")
            Step.visit("https://a.example/")
            Step.unload(duringUploads: 3)
        }
        #expect(built == scenario)
    }

    static let diagnosticCases: [DiagnosticCase] = [
        DiagnosticCase("one upload is plain during-upload", source: page + "unload during-upload uploads 1\n", expected: """
            error: count of uploads in flight 1 is out of range
             --> case.scenario:5:30
            5 | unload during-upload uploads 1
              |                              ^ must be from 2 to 20

            """),
        DiagnosticCase("only during-upload has uploads in flight", source: page + "unload before-upload uploads 2\n", expected: """
            error: unexpected text after the unload step
             --> case.scenario:5:22
            5 | unload before-upload uploads 2
              |                      ^^^^^^^^^ remove this or start a new line

            """),
        DiagnosticCase("steps after it need a new page", source: page + "unload during-upload uploads 2\nclick \"p\"\n", expected: """
            error: click after the page unloaded
             --> case.scenario:6:1
            6 | click "p"
              | ^^^^^ visit or return to a page first

            """),
    ]

    @Test("mistakes are reported in place", arguments: diagnosticCases)
    func diagnostics(_ testCase: DiagnosticCase) {
        let result = ScenarioParser.parse(testCase.source, file: "case.scenario")
        #expect(result.scenario == nil)
        #expect(DiagnosticRenderer.render(result.diagnostics) == testCase.expected)
    }
}
