import Foundation
import Testing
import ScenarioLanguage
import _TestSupport

@Suite("docs/scenario-language.md")
struct DocumentationTests {
    static var text: String {
        let url = RepositoryFiles.root.appendingPathComponent("docs/scenario-language.md")
        return String(decoding: FileManager.default.contents(atPath: url.path) ?? Data(), as: UTF8.self)
    }

    /// The bodies of the fenced blocks tagged `scenario`.
    static var scenarioBlocks: [String] {
        var blocks: [String] = []
        var current: [Substring]? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```scenario" { current = []; continue }
            if current != nil, line == "```" { blocks.append(current!.joined(separator: "\n")); current = nil; continue }
            current?.append(line)
        }
        return blocks
    }

    @Test("the complete example is a valid scenario")
    func completeExampleParses() {
        #expect(Self.scenarioBlocks.count == 1)
        for block in Self.scenarioBlocks {
            let result = ScenarioParser.parse(block, file: "docs/scenario-language.md")
            #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer.render(result.diagnostics))")
        }
    }

    @Test("the builder example compiles and passes the checker")
    func builderExample() {
        let scenario = Scenario("rage clicks on a frozen button", seed: 666) {
            Person("judy", timezone: "America/Chicago", ip: "192.0.2.200")
            Page("https://shop.example/review", html: #"<button id="place-order">Place order</button>"#)
            Step.visit("https://shop.example/review")
            Step.rageClick("#place-order", times: 7)
            Step.network(NetworkCall(.fetch, method: "POST", url: "/api/orders", status: 504, duration: 30_000))
            Step.console(.warn, "order submit ignored")
            Expectation.noCanaryLeaks
        }
        let result = ScenarioParser.parse(ScenarioPrinter.print(scenario), file: "builder")
        #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer.render(result.diagnostics))")
        #expect(result.scenario == scenario)
    }

    @Test("every keyword of the language appears in the guide")
    func everyKeywordDocumented() {
        let words = ["scenario", "seed", "person", "user-agent", "viewport", "timezone", "ip", "sdk", "storage", "flush-interval", "batch-bytes",
                     "batch-events", "idle-timeout", "masking", "mask-all-inputs", "mask-text", "mask-text-class", "block", "block-class", "ignore",
                     "ignore-class", "data-private", "redact-header", "redact-body-field", "drop-request-bodies", "drop-response-bodies", "page", "html",
                     "visit", "navigate", "open-tab", "back", "return after", "switch-person", "unload", "move to", "click", "double-click", "right-click",
                     "rage-click", "hover", "scroll", "type", "select", "check", "uncheck", "focus", "blur", "wait", "think", "set-text", "set-attribute",
                     "remove-attribute", "add-element", "remove-element", "move-element", "console", "throw", "reject", "fetch", "xhr", "status", "duration",
                     "request-header", "response-header", "request-body", "response-body", "fails", "custom", "redux", "identify", "expect sessions",
                     "expect unlinkable", "expect same-session", "expect no-canary-leaks",
                     "repeat", "push-state", "replace-state", "pop-state", "resize", "rotate", "outage", "max-session", "record-after",
                     "erase", "expect erased", "expect not-identified", "ip \"{canary ip}\""]
        let text = Self.text
        let missing = words.filter { !text.contains("\n" + $0 + " ") && !text.contains("\n  " + $0) && !text.contains("\n" + $0 + "\n") }
        #expect(missing.isEmpty, "no example line for: \(missing)")
    }
}
