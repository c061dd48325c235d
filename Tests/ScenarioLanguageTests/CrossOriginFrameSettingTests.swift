import ScenarioLanguage
import Testing

@Suite("cross-origin iframes: the sdk setting, frame content from declared pages, selectors into frames")
struct CrossOriginFrameSettingTests {
    static let source = #"""
        scenario "frames"
        seed 9
        sdk sentry
          cross-origin-iframes on
        page "https://shop.example/checkout"
          html "<input id=\"email\"><iframe id=\"card-frame\" src=\"https://pay.widget.example/card\"></iframe>"
        page "https://pay.widget.example/card"
          html "<input id=\"number\"><button id=\"pay\">Pay</button>"
        visit "https://shop.example/checkout"
        type "#card-frame #number" "4242"
        click "#card-frame #pay"

        """#

    @Test("off by default in every family; on parses, prints only when it differs, and round-trips")
    func roundTrip() throws {
        #expect(SDKProfile.Kind.allCases.allSatisfy { !SDKProfile(kind: $0).recordsCrossOriginIframes })
        let scenario = try Scenario(parsing: Self.source, file: "frames.scenario")
        #expect(scenario.sdk.recordsCrossOriginIframes)
        let printed = ScenarioPrinter.print(scenario)
        #expect(printed.contains("sdk sentry\n  cross-origin-iframes on\n"))
        #expect(try Scenario(parsing: printed, file: "p.scenario") == scenario)
        let off = try Scenario(parsing: Self.source.replacingOccurrences(of: "cross-origin-iframes on", with: "cross-origin-iframes off"), file: "t.scenario")
        #expect(!off.sdk.recordsCrossOriginIframes && !ScenarioPrinter.print(off).contains("cross-origin-iframes"))
    }

    @Test("the builder says the same thing as the file")
    func builderEqualsFile() throws {
        var sdk = SDKProfile(kind: .sentry)
        sdk.recordsCrossOriginIframes = true
        let built = Scenario("frames", seed: 9) {
            sdk
            Page("https://shop.example/checkout", html: #"<input id="email"><iframe id="card-frame" src="https://pay.widget.example/card"></iframe>"#)
            Page("https://pay.widget.example/card", html: #"<input id="number"><button id="pay">Pay</button>"#)
            Step.visit("https://shop.example/checkout")
            Step.type("#card-frame #number", "4242")
            Step.click("#card-frame #pay")
        }
        #expect(built == (try Scenario(parsing: Self.source, file: "frames.scenario")))
    }

    @Test("a value other than on or off is reported in place with a suggestion")
    func badValue() {
        let result = ScenarioParser.parse("scenario \"t\"\nsdk posthog\n  cross-origin-iframes of\n", file: "case.scenario")
        #expect(DiagnosticRenderer.render(result.diagnostics) == """
            error: unknown cross-origin-iframes on or off "of"
             --> case.scenario:3:24
            3 |   cross-origin-iframes of
              |                        ^^ did you mean "on"?

            """)
    }

    @Test("a selector into a frame whose src is no declared page says so, suggesting the nearest page")
    func undeclaredFrame() {
        let text = Self.source.replacingOccurrences(of: "src=\\\"https://pay.widget.example/card\\\"", with: "src=\\\"https://pay.widget.exmaple/card\\\"")
        let result = ScenarioParser.parse(text, file: "case.scenario")
        let rendered = DiagnosticRenderer.render(result.diagnostics)
        #expect(rendered.contains("error: selector \"#card-frame #number\" matches nothing on https://shop.example/checkout"))
        #expect(rendered.contains("note: the iframe with src \"https://pay.widget.exmaple/card\" shows no declared page, so nothing inside it can be targeted; did you mean page \"https://pay.widget.example/card\"?"))
    }

    @Test("frame content: src resolved absolute, //host and /path; a page never contains itself")
    func resolution() throws {
        #expect(FrameContent.absoluteURL("/card", base: "https://pay.widget.example/x?y") == "https://pay.widget.example/card")
        #expect(FrameContent.absoluteURL("//pay.widget.example/card", base: "https://shop.example/") == "https://pay.widget.example/card")
        #expect(FrameContent.absoluteURL("card", base: "https://shop.example/") == nil)
        let loop = Page("https://a.example/", html: #"<iframe id="me" src="https://a.example/"></iframe>"#)
        let document = try #require(FrameContent.document(for: loop.url, in: [loop]))
        guard case .element(let iframe)? = document.children.first else { Issue.record("no iframe"); return }
        #expect(iframe.contentDocument == nil)
        let scenario = try Scenario(parsing: Self.source, file: "frames.scenario")
        #expect(FrameContent.framedPages(of: "https://shop.example/checkout", in: scenario.pages).map(\.url) == ["https://pay.widget.example/card"])
    }
}
