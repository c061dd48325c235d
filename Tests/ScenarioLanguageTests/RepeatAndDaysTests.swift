import ScenarioLanguage
import Testing

@Suite("repeat blocks and durations in days")
struct RepeatAndDaysTests {
    static let page = """
        scenario "feed"
        page "https://news.example/"
          html "<button id=\\"more\\">More</button><ul id=\\"feed\\"></ul>"
        visit "https://news.example/"

        """

    static let nestedSource = page + """
        repeat 3
          click "#more"
          fetch GET "/api/feed"
            status 200
            duration 2s
          repeat 2 times
            think 4s
          add-element "#feed" "<li>Story</li>"
        return after 3d
        """

    @Test("a nested repeat with a fetch block parses to nested bodies and prints canonically")
    func nestedRepeatParsesAndPrints() throws {
        let scenario = try Scenario(parsing: Self.nestedSource, file: "feed.scenario")
        let feed = NetworkCall(.fetch, method: "GET", url: "/api/feed", status: 200, duration: 2_000)
        #expect(scenario.steps.map(\.action) == [
            .visit(url: "https://news.example/"),
            .repeatSteps(count: 3, body: [
                Step(.click(target: "#more")), Step(.network(feed)),
                Step(.repeatSteps(count: 2, body: [Step(.think(4_000))])),
                Step(.addElement(parent: "#feed", html: "<li>Story</li>")),
            ]),
            .returnAfter(3 * 86_400_000, url: nil),
        ])
        let printed = ScenarioPrinter.print(scenario)
        #expect(printed.hasSuffix("""
            visit "https://news.example/"
            repeat 3
              click "#more"
              fetch GET "/api/feed"
                duration 2s
              repeat 2
                think 4s
              add-element "#feed" "<li>Story</li>"
            return after 3d

            """), "\(printed)")
        #expect(try Scenario(parsing: printed, file: "printed.scenario") == scenario)
        #expect(scenario.steps[1].location == SourceLocation(file: "feed.scenario", line: 5, column: 1))
        guard case .repeatSteps(_, let body) = scenario.steps[1].action else { Issue.record("not a repeat"); return }
        #expect(body[1].location == SourceLocation(file: "feed.scenario", line: 7, column: 3))
    }

    @Test("the builder's Step.repeat equals the file")
    func builderEqualsFile() throws {
        let built = Scenario("feed") {
            Page("https://news.example/", html: #"<button id="more">More</button><ul id="feed"></ul>"#)
            Step.visit("https://news.example/")
            Step.repeat(3) {
                Step.click("#more")
                Step.network(NetworkCall(.fetch, method: "GET", url: "/api/feed", duration: 2_000))
                Step.repeat(2) { Step.think(4_000) }
                Step.addElement(into: "#feed", "<li>Story</li>")
            }
            Step.returnAfter(3 * 86_400_000)
        }
        #expect(built == (try Scenario(parsing: Self.nestedSource, file: "feed.scenario")))
        #expect(built != (try Scenario(parsing: Self.nestedSource.replacingOccurrences(of: "repeat 3", with: "repeat 4"), file: "feed.scenario")))
    }

    @Test("durations take d for days; 24h prints as 1d")
    func daysRoundTrip() throws {
        let scenario = try Scenario(parsing: Self.page + "wait 24h\nreturn after 2d to \"https://news.example/\"\n", file: "d.scenario")
        #expect(scenario.steps.map(\.action).suffix(2) == [.wait(86_400_000), .returnAfter(2 * 86_400_000, url: "https://news.example/")])
        #expect(ScenarioPrinter.print(scenario).contains("wait 1d\nreturn after 2d to \"https://news.example/\"\n"))
    }

    static let diagnosticCases: [DiagnosticCase] = [
        DiagnosticCase("misspelt repeat", source: page + "repaet 3\n  click \"#more\"\n", expected: """
            error: unknown step "repaet"
             --> case.scenario:5:1
            5 | repaet 3
              | ^^^^^^ did you mean "repeat"?

            """),
        DiagnosticCase("repeat count out of range; its body is skipped", source: page + "repeat 0\n  click \"#more\"\n  clik \"#more\"\n", expected: """
            error: repeat count 0 is out of range
             --> case.scenario:5:8
            5 | repeat 0
              |        ^ must be from 1 to 10000

            """),
        DiagnosticCase("empty repeat", source: page + "repeat 2\nclick \"#more\"\n", expected: """
            error: repeat has no steps
             --> case.scenario:5:1
            5 | repeat 2
              | ^^^^^^ indent the steps to repeat on the lines below it

            """),
        DiagnosticCase("a header inside a repeat", source: page + "repeat 2\n  click \"#more\"\n  page \"https://news.example/2\"\n", expected: """
            error: page inside a repeat
             --> case.scenario:7:3
            7 |   page "https://news.example/2"
              |   ^^^^ only steps can be repeated; move it to column 1 before the repeat

            """),
        DiagnosticCase("inconsistent indentation", source: page + "repeat 2\n    click \"#more\"\n  click \"#more\"\n", expected: """
            error: inconsistent indentation in repeat
             --> case.scenario:7:3
            7 |   click "#more"
              |   ^^^^^ indent the repeated steps alike, by 4 spaces

            """),
        DiagnosticCase("too many steps once expanded", source: page + "repeat 10000\n  repeat 200\n    click \"#more\"\n", expected: """
            error: repeat runs 2000000 steps
             --> case.scenario:5:1
            5 | repeat 10000
              | ^^^^^^ at most 1000000 steps may run once every repeat is expanded

            """),
        DiagnosticCase("a step that only fails on the second run is reported once", source: page + "repeat 5\n  remove-element \"#more\"\n", expected: """
            error: selector "#more" matches nothing on https://news.example/
             --> case.scenario:6:18
            6 |   remove-element "#more"
              |                  ^^^^^^^ no element of the page matches it
              = note: on the second run of its repeat, after the first run changed the page

            """),
        DiagnosticCase("days are a duration unit", source: page + "wait 3days\n", expected: """
            error: invalid duration "3days" for wait
             --> case.scenario:5:6
            5 | wait 3days
              |      ^^^^^ write a whole number with ms, s, m, h or d, like 500ms, 2s or 3d

            """),
    ]

    @Test("repeat and day mistakes are reported in place", arguments: diagnosticCases)
    func diagnostics(_ testCase: DiagnosticCase) {
        let result = ScenarioParser.parse(testCase.source, file: "case.scenario")
        #expect(result.scenario == nil)
        #expect(DiagnosticRenderer.render(result.diagnostics) == testCase.expected)
    }
}
