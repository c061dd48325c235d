import ScenarioLanguage
import Testing

@Suite("third-party-cookies")
struct CookieJarTests {
    static func text(_ line: String) -> String {
        """
        scenario "jar"
        seed 1
        \(line)
        page "https://shop.example/"
          html <<<
            <p>hi</p>
          >>>
        visit "https://shop.example/"
        """
    }

    @Test("each jar parses, prints and parses back; none given is nil and prints nothing")
    func roundTrip() throws {
        for jar in ThirdPartyCookieJar.allCases {
            let scenario = try Scenario(parsing: Self.text("third-party-cookies \(jar.rawValue)"))
            #expect(scenario.thirdPartyCookies == jar)
            #expect(try Scenario(parsing: ScenarioPrinter.print(scenario)) == scenario)
        }
        let plain = try Scenario(parsing: Self.text(""))
        #expect(plain.thirdPartyCookies == nil && !ScenarioPrinter.print(plain).contains("third-party-cookies"))
    }

    @Test("an unknown jar is an error naming the choices")
    func unknownJar() {
        let result = ScenarioParser.parse(Self.text("third-party-cookies shared"), file: "jar.scenario")
        #expect(result.scenario == nil)
        #expect(result.diagnostics.first?.location.line == 3, "\(result.diagnostics)")
    }
}
