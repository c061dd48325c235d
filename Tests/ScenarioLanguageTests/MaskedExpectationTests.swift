import ScenarioLanguage
import Testing

@Suite("expect masked")
struct MaskedExpectationTests {
    static func text(_ selector: String) -> String {
        """
        scenario "m"
        page "https://bank.example/"
          html <<<
            <input id="ssn">
          >>>
        visit "https://bank.example/"
        expect masked \(selector)
        """
    }

    @Test("parses, prints and parses back")
    func roundTrip() throws {
        let scenario = try Scenario(parsing: Self.text("\"#ssn, .secret\""))
        #expect(scenario.expectations == [.masked(selector: "#ssn, .secret")])
        #expect(ScenarioPrinter.print(scenario).contains("expect masked \"#ssn, .secret\""))
        #expect(try Scenario(parsing: ScenarioPrinter.print(scenario)) == scenario)
    }

    @Test("an invalid selector is reported at the selector")
    func invalidSelector() {
        let result = ScenarioParser.parse(Self.text("\"#ssn[\""), file: "m.scenario")
        #expect(result.scenario == nil)
        #expect(result.diagnostics.first?.message.hasPrefix("invalid selector: ") == true, "\(result.diagnostics)")
        #expect(result.diagnostics.first?.location.line == 7 && result.diagnostics.first?.location.column == 15, "\(result.diagnostics)")
    }
}
