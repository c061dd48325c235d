import ScenarioLanguage
import Testing

@Suite("the sdk block's max-session setting")
struct SessionCapSettingTests {
    @Test("defaults are the families' caps; an override parses, prints only when it differs, and round-trips")
    func roundTrip() throws {
        #expect(SDKProfile(kind: .posthog).maxSessionDuration == 86_400_000)
        #expect(SDKProfile(kind: .sentry).maxSessionDuration == 3_600_000)
        #expect(SDKProfile(kind: .logrocket).maxSessionDuration == nil)
        let source = "scenario \"t\"\nsdk logrocket\n  max-session 2h\npage \"https://a.example/\"\n  html \"<p>A</p>\"\nvisit \"https://a.example/\"\n"
        let scenario = try Scenario(parsing: source, file: "t.scenario")
        #expect(scenario.sdk.maxSessionDuration == 7_200_000)
        let printed = ScenarioPrinter.print(scenario)
        #expect(printed.contains("sdk logrocket\n  max-session 2h\n"))
        #expect(try Scenario(parsing: printed, file: "p.scenario") == scenario)
        let plain = try Scenario(parsing: source.replacingOccurrences(of: "  max-session 2h\n", with: ""), file: "t.scenario")
        #expect(!ScenarioPrinter.print(plain).contains("max-session"))
    }

    @Test("a cap out of range is reported in place")
    func outOfRange() {
        let result = ScenarioParser.parse("scenario \"t\"\nsdk posthog\n  max-session 10s\n", file: "case.scenario")
        #expect(DiagnosticRenderer.render(result.diagnostics) == """
            error: session cap 10s is out of range
             --> case.scenario:3:15
            3 |   max-session 10s
              |               ^^^ must be from 1m to 30d

            """)
    }
}
