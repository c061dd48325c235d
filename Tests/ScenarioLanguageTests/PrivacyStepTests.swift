import ScenarioLanguage
import Testing

@Suite("erase, not-identified and the IP canary in the language")
struct PrivacyStepTests {
    static let source = """
        scenario "t"
        person "carol"
          ip "{canary ip}"
        person "dana"
          ip "{canary ip:office}"
          cookies off
        page "https://shop.example/"
          html "<p>Shop</p>"
        visit "https://shop.example/"
        erase "carol"
        switch-person "dana"
        visit "https://shop.example/"
        expect erased "carol"
        expect not-identified "dana"

        """

    @Test("they parse, print canonically, parse back equal, and equal the builder")
    func roundTrip() throws {
        let scenario = try Scenario(parsing: Self.source, file: "p.scenario")
        #expect(scenario.persons.map(\.ipCanary) == [Canary(.ip), Canary(.ip, label: "office")])
        #expect(scenario.steps.map(\.action)[1] == .erase(person: "carol"))
        #expect(scenario.expectations == [.erased(person: "carol"), .notIdentified(person: "dana")])
        let printed = ScenarioPrinter.print(scenario)
        for line in ["  ip \"{canary ip}\"", "  ip \"{canary ip:office}\"", "erase \"carol\"", "expect not-identified \"dana\""] {
            #expect(printed.contains(line + "\n"), "\(printed)")
        }
        #expect(try Scenario(parsing: printed, file: "printed.scenario") == scenario)
        var dana = Person("dana", ipCanary: Canary(.ip, label: "office"))
        dana.cookiesEnabled = false
        let built = Scenario("t") {
            Person("carol", ipCanary: Canary(.ip))
            dana
            Page("https://shop.example/", html: "<p>Shop</p>")
            Step.visit("https://shop.example/")
            Step.erase("carol")
            Step.switchPerson("dana")
            Step.visit("https://shop.example/")
            Expectation.erased(person: "carol")
            Expectation.notIdentified(person: "dana")
        }
        #expect(built == scenario)
    }

    static let prefix = """
        scenario "t"
        person "carol"
        page "https://shop.example/"
          html "<p>Shop</p>"

        """

    static let diagnosticCases: [DiagnosticCase] = [
        DiagnosticCase("erase names an unknown person", source: prefix + "erase \"carl\"\n", expected: """
            error: unknown person "carl"
             --> case.scenario:5:7
            5 | erase "carl"
              |       ^^^^^^ did you mean "carol"?

            """),
        DiagnosticCase("a misspelt erase step", source: prefix + "erse \"carol\"\n", expected: """
            error: unknown step "erse"
             --> case.scenario:5:1
            5 | erse "carol"
              | ^^^^ did you mean "erase"?

            """),
        DiagnosticCase("not-identified names an unknown person", source: prefix + "expect not-identified \"karol\"\n", expected: """
            error: unknown person "karol"
             --> case.scenario:5:23
            5 | expect not-identified "karol"
              |                       ^^^^^^^ did you mean "carol"?

            """),
        DiagnosticCase("a misspelt expectation", source: prefix + "expect not-identifed \"carol\"\n", expected: """
            error: unknown expectation "not-identifed"
             --> case.scenario:5:8
            5 | expect not-identifed "carol"
              |        ^^^^^^^^^^^^^ did you mean "not-identified"?

            """),
        DiagnosticCase("a person's ip holds another kind of canary", source: "scenario \"t\"\nperson \"carol\"\n  ip \"{canary card}\"\n", expected: """
            error: a person's ip is an address or one ip canary
             --> case.scenario:3:6
            3 |   ip "{canary card}"
              |      ^^^^^^^^^^^^^^^ write "{canary ip}" or "{canary ip:LABEL}"

            """),
        DiagnosticCase("a person's ip canary of an unknown kind", source: "scenario \"t\"\nperson \"carol\"\n  ip \"{canary iq}\"\n", expected: """
            error: unknown canary kind "iq"
             --> case.scenario:3:15
            3 |   ip "{canary iq}"
              |               ^^ did you mean "ip"?

            """),
    ]

    @Test("mistakes are reported in place", arguments: diagnosticCases)
    func diagnostics(_ testCase: DiagnosticCase) {
        let result = ScenarioParser.parse(testCase.source, file: "case.scenario")
        #expect(result.scenario == nil)
        #expect(DiagnosticRenderer.render(result.diagnostics) == testCase.expected)
    }
}
