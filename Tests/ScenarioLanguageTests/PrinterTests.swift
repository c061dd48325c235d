import Testing
import ScenarioLanguage

@Suite("Canonical printer")
struct PrinterTests {
    @Test("prints a parsed file in the fixed canonical layout")
    func canonicalLayout() throws {
        let source = #"""
            # comments and blank lines are not kept
            expect no-canary-leaks
            seed 3
            scenario "layout"
            page "https://a.example/"
              html <<<
                    <p id="x" contenteditable>indented</p>
                      <b>deeper</b>
              >>>
            masking raw
              redact-header "Cookie"
            sdk sentry
              idle-timeout 60m
              flush-interval 1500ms
            visit "https://a.example/"
            rage-click "#x"
            redux "t" state {"b":1,"a":[true,null]}
            type "#x" "tab\there \"quoted\" {{literal}} \u{7}"
            wait 120s
            fetch GET "/api"
              request-header "Authorization" "Bearer {canary token:api}"
            """#
        let scenario = try Scenario(parsing: source, file: "layout.scenario")
        #expect(ScenarioPrinter.print(scenario) == #"""
            scenario "layout"
            seed 3

            person "visitor"
              user-agent "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
              viewport 1280x800
              timezone "UTC"
              ip "203.0.113.10"

            sdk sentry
              flush-interval 1500ms
              idle-timeout 1h

            masking raw
              redact-header "Cookie"

            page "https://a.example/"
              html <<<
                <p id="x" contenteditable>indented</p>
                  <b>deeper</b>
              >>>

            visit "https://a.example/"
            rage-click "#x" times 5
            redux "t" state {"a":[true,null],"b":1}
            type "#x" "tab\there \"quoted\" {{literal}} \u{7}"
            wait 2m
            fetch GET "/api"
              request-header "Authorization" "Bearer {canary token:api}"

            expect no-canary-leaks

            """#)
    }
}
