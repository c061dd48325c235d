import Testing
import ScenarioLanguage

/// Steps after a shared two-page prefix, and the diagnostic headlines they must produce (none when valid).
struct CheckerCase: Sendable, CustomTestStringConvertible {
    let name: String
    let steps: String
    let messages: [String]
    var testDescription: String { name }
}

@Suite("Semantic checks")
struct CheckerTests {
    static let prefix = #"""
        scenario "checks"
        person "ann"
        person "ben"
        page "https://a.example/"
          html <<<
            <ul id="list"><li id="first">1</li></ul>
            <div id="box"></div>
            <x-w id="host"><template shadowrootmode="open"><input id="deep"></template></x-w>
            <iframe id="f" srcdoc="<textarea id='note'></textarea>"></iframe>
          >>>
        page "https://a.example/two"
          html "<p id=\"only-here\">two</p>"

        """#

    static let cases: [CheckerCase] = [
        CheckerCase(name: "an added element can be clicked", steps: "visit \"https://a.example/\"\nadd-element \"#list\" \"<li id=\\\"new\\\">2</li>\"\nclick \"#new\"", messages: []),
        CheckerCase(name: "a removed element cannot", steps: "visit \"https://a.example/\"\nremove-element \"#first\"\nclick \"#first\"", messages: ["selector \"#first\" matches nothing on https://a.example/"]),
        CheckerCase(name: "a moved element is found in its new parent", steps: "visit \"https://a.example/\"\nmove-element \"#first\" into \"#box\"\nclick \"#box > #first\"", messages: []),
        CheckerCase(name: "moving an element into itself", steps: "visit \"https://a.example/\"\nmove-element \"#list\" into \"#first\"", messages: ["cannot move an element into itself"]),
        CheckerCase(name: "an attribute set by a step can be selected", steps: "visit \"https://a.example/\"\nset-attribute \"#box\" \"data-state\" \"open\"\nhover \"[data-state=open]\"", messages: []),
        CheckerCase(name: "a fresh visit forgets DOM changes", steps: "visit \"https://a.example/\"\nadd-element \"#list\" \"<li id=\\\"new\\\">2</li>\"\nvisit \"https://a.example/\"\nclick \"#new\"", messages: ["selector \"#new\" matches nothing on https://a.example/"]),
        CheckerCase(name: "targets inside shadow roots and frames", steps: "visit \"https://a.example/\"\ntype \"#deep\" canary name\ntype \"#note\" \"hi\"", messages: []),
        CheckerCase(name: "back returns to the earlier page", steps: "visit \"https://a.example/\"\nnavigate \"https://a.example/two\"\nback\nclick \"#first\"", messages: []),
        CheckerCase(name: "return after back reopens the page back went to", steps: "visit \"https://a.example/\"\nnavigate \"https://a.example/two\"\nback\nreturn after 1m\nclick \"#first\"", messages: []),
        CheckerCase(name: "return after push-state reopens the document that pushed", steps: "visit \"https://a.example/\"\npush-state \"/list?page=2\"\nreturn after 1d\nclick \"#first\"", messages: []),
        CheckerCase(name: "back with no history", steps: "visit \"https://a.example/\"\nback", messages: ["nothing to go back to"]),
        CheckerCase(name: "selectors follow the current page", steps: "visit \"https://a.example/\"\nopen-tab \"https://a.example/two\"\nclick \"#first\"", messages: ["selector \"#first\" matches nothing on https://a.example/two"]),
        CheckerCase(name: "return reopens the last page", steps: "visit \"https://a.example/two\"\nunload after-upload\nreturn after 5m\nclick \"#only-here\"", messages: []),
        CheckerCase(name: "return before any visit", steps: "return after 5m", messages: ["return before any visit"]),
        CheckerCase(name: "switching person closes the pages", steps: "visit \"https://a.example/\"\nswitch-person \"ben\"\nclick \"#first\"", messages: ["click before any visit"]),
        CheckerCase(name: "navigate needs a page", steps: "navigate \"https://a.example/two\"", messages: ["navigate before any visit"]),
        CheckerCase(name: "expectations name known persons and pages", steps: "expect sessions \"bob\" 1\nexpect unlinkable \"https://a.example/\" \"https://b.example/\"", messages: ["unknown person \"bob\"", "unknown page \"https://b.example/\""]),
        CheckerCase(name: "one failed navigation does not cascade", steps: "visit \"https://a.example/\"\nvisti \"https://a.example/two\"\nclick \"#only-here\"", messages: ["unknown step \"visti\""]),
        CheckerCase(name: "a failed click does not hide later errors", steps: "visit \"https://a.example/\"\nclick \"#first\" extra\nclick \"#nope\"", messages: ["unexpected text after the click step", "selector \"#nope\" matches nothing on https://a.example/"]),
        CheckerCase(name: "duplicate person settings", steps: "person \"cy\"\n  ip \"192.0.2.1\"\n  ip \"192.0.2.2\"", messages: ["duplicate ip"]),
        CheckerCase(name: "a failed page skips its HTML block", steps: "page \"shop.example/x\"\n  html <<<\n<form>\nclik\n  >>>\nvisit \"https://a.example/\"", messages: ["page URL must be absolute"]),
        CheckerCase(name: "text after <<< still reads the HTML block", steps: "page \"https://b.example/\"\n  html <<< x\n<p id=\"b\">b</p>\n  >>>\nvisit \"https://b.example/\"\nclick \"#b\"", messages: ["unexpected text after <<<"]),
        CheckerCase(name: "template errors in JSON bodies", steps: "visit \"https://a.example/\"\nfetch POST \"/x\"\n  request-body json {\"a\":[\"{canary emial}\"]}", messages: ["unknown canary kind \"emial\""]),
    ]

    @Test("replays steps over the page DOM", arguments: cases)
    func check(_ testCase: CheckerCase) {
        let result = ScenarioParser.parse(Self.prefix + testCase.steps, file: "checks.scenario")
        #expect(result.diagnostics.map(\.message) == testCase.messages, "\(DiagnosticRenderer.render(result.diagnostics))")
        #expect((result.scenario != nil) == testCase.messages.isEmpty)
    }
}
