import ScenarioLanguage
import Testing

@Suite("the outage step")
struct OutageStepTests {
    static let page = """
        scenario "t"
        page "https://news.other/"
          html "<p>News</p>"
        visit "https://news.other/"

        """

    @Test("each kind parses, prints canonically, parses back equal, and equals the builder")
    func roundTrip() throws {
        let scenario = try Scenario(parsing: Self.page + "outage 120s status 503\noutage 90s timeout\noutage 1d offline\n", file: "o.scenario")
        #expect(scenario.steps.map(\.action).dropFirst() == [.collectorOutage(120_000, .status(503)), .collectorOutage(90_000, .timeout), .collectorOutage(86_400_000, .offline)])
        let printed = ScenarioPrinter.print(scenario)
        #expect(printed.hasSuffix("outage 2m status 503\noutage 90s timeout\noutage 1d offline\n"), "\(printed)")
        #expect(try Scenario(parsing: printed, file: "p.scenario") == scenario)
        let built = Scenario("t") {
            Page("https://news.other/", html: "<p>News</p>")
            Step.visit("https://news.other/")
            Step.outage(120_000, .status(503))
            Step.outage(90_000, .timeout)
            Step.outage(86_400_000, .offline)
        }
        #expect(built == scenario)
    }

    static let diagnosticCases: [DiagnosticCase] = [
        DiagnosticCase("misspelt kind", source: page + "outage 2m ofline\n", expected: """
            error: unknown outage kind "ofline"
             --> case.scenario:5:11
            5 | outage 2m ofline
              |           ^^^^^^ did you mean "offline"?

            """),
        DiagnosticCase("status out of range", source: page + "outage 2m status 200\n", expected: """
            error: HTTP status 200 is out of range
             --> case.scenario:5:18
            5 | outage 2m status 200
              |                  ^^^ must be from 400 to 599

            """),
        DiagnosticCase("too short", source: page + "outage 10ms timeout\n", expected: """
            error: outage 10ms is out of range
             --> case.scenario:5:8
            5 | outage 10ms timeout
              |        ^^^^ must be from 1s to 1d

            """),
    ]

    @Test("mistakes are reported in place", arguments: diagnosticCases)
    func diagnostics(_ testCase: DiagnosticCase) {
        let result = ScenarioParser.parse(testCase.source, file: "case.scenario")
        #expect(result.scenario == nil)
        #expect(DiagnosticRenderer.render(result.diagnostics) == testCase.expected)
    }
}
