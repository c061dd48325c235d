import Testing
import ScenarioLanguage

/// A malformed scenario and the exact text its diagnostics must render to.
struct DiagnosticCase: Sendable, CustomTestStringConvertible {
    let name: String
    let source: String
    let expected: String

    init(_ name: String, source: String, expected: String) {
        self.name = name
        self.source = source
        self.expected = expected
    }

    var testDescription: String { name }
}

@Suite("Diagnostics")
struct DiagnosticTests {
    @Test("renders every error of a malformed file exactly", arguments: DiagnosticCase.all)
    func rendersExactText(_ testCase: DiagnosticCase) {
        let result = ScenarioParser.parse(testCase.source, file: "case.scenario")
        #expect(result.scenario == nil)
        #expect(DiagnosticRenderer.render(result.diagnostics) == testCase.expected)
    }

    @Test("Scenario(parsing:) throws the same diagnostics the parser returns")
    func throwingInitializer() {
        let source = DiagnosticCase.all[0].source
        #expect(throws: ScenarioDiagnostics(ScenarioParser.parse(source, file: "x.scenario").diagnostics)) {
            try Scenario(parsing: source, file: "x.scenario")
        }
    }

    @Test("a caret under a tab-indented token keeps the tab")
    func tabsInSourceLines() {
        let diagnostic = Diagnostic(.error, "unknown network setting \"stauts\"", location: SourceLocation(file: "t.scenario", line: 3, column: 2), length: 6, sourceLine: "\tstauts 200", label: "did you mean \"status\"?")
        #expect(DiagnosticRenderer.render(diagnostic) == """
            error: unknown network setting "stauts"
             --> t.scenario:3:2
            3 | \tstauts 200
              | \t^^^^^^ did you mean "status"?

            """)
    }
}

@Suite("diagnostics quote source text safely")
struct DiagnosticEscapingTests {
    @Test("terminal escapes in a source line (clear screen, window title) are shown escaped and the caret stays under its token")
    func controlCharactersAreEscaped() {
        let line = "clik \u{1B}[2J\u{1B}]0;owned\u{7} \"#buy\""
        let column = line.unicodeScalars.count - 5
        let diagnostic = Diagnostic(.error, "bad", location: SourceLocation(file: "t\u{1B}.scenario", line: 1, column: column), length: 6, sourceLine: line)
        let rendered = DiagnosticRenderer.render(diagnostic)
        #expect(!rendered.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(rendered.debugDescription)")
        // Before the token: "clik " 5, \\u{1b} 6, "[2J" 3, \\u{1b} 6, "]0;owned" 8, \\u{7} 5, " " 1 = 34 columns.
        #expect(rendered == """
            error: bad
             --> t\\u{1b}.scenario:1:\(column)
            1 | clik \\u{1b}[2J\\u{1b}]0;owned\\u{7} "#buy"
              | \(String(repeating: " ", count: 34))^^^^^^

            """)
    }

    @Test("the message, label and notes quote source text escaped, and the carets cover an escape as shown")
    func messagesAndCaretsOverEscapes() {
        let result = ScenarioParser.parse("scenario \"x\"\nvisit \"https://a\u{1B}]0;t\u{7}\"\n", file: "e.scenario")
        #expect(DiagnosticRenderer.render(result.diagnostics) == #"""
            error: unknown page "https://a\u{1b}]0;t\u{7}"
             --> e.scenario:2:7
            2 | visit "https://a\u{1b}]0;t\u{7}"
              |       ^^^^^^^^^^^^^^^^^^^^^^^^^^ declare it with page "https://a\u{1b}]0;t\u{7}" and its HTML

            """#)
    }

    @Test("the caret counts wide characters as two columns and combining marks as none")
    func wideAndCombiningCharacters() {
        let line = "say \"日本e\u{301}\" bad"
        let column = line.unicodeScalars.count - 2
        let diagnostic = Diagnostic(.error, "bad", location: SourceLocation(file: "t.scenario", line: 1, column: column), length: 3, sourceLine: line)
        let caretLine = DiagnosticRenderer.render(diagnostic).split(separator: "\n")[3]
        // "say \"" is 5 columns, 日本 4, e 1, the combining accent 0, "\" " 2: the caret starts at column 13.
        #expect(caretLine == "  | " + String(repeating: " ", count: 12) + "^^^")
    }
}

extension DiagnosticCase {
    static let all: [DiagnosticCase] = [
    DiagnosticCase(
        "unknown step with suggestion",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        clik "#pay"
        """#,
        expected: #"""
        error: unknown step "clik"
         --> case.scenario:7:1
        7 | clik "#pay"
          | ^^^^ did you mean "click"?

        """#
    ),
    DiagnosticCase(
        "unknown header keyword",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        persn "bob"
        """#,
        expected: #"""
        error: unknown keyword "persn"
         --> case.scenario:6:1
        6 | persn "bob"
          | ^^^^^ did you mean "person"?

        """#
    ),
    DiagnosticCase(
        "selector matching nothing",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        click "#emial"
        """#,
        expected: #"""
        error: selector "#emial" matches nothing on https://shop.example/cart
         --> case.scenario:7:7
        7 | click "#emial"
          |       ^^^^^^^^ did you mean "#email"?

        """#
    ),
    DiagnosticCase(
        "selector part misspelt in a compound selector",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        click "form > buton"
        """#,
        expected: #"""
        error: selector "form > buton" matches nothing on https://shop.example/cart
         --> case.scenario:7:7
        7 | click "form > buton"
          |       ^^^^^^^^^^^^^^ did you mean "form > button"?

        """#
    ),
    DiagnosticCase(
        "typing into a button",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        type "#pay" "hello"
        """#,
        expected: #"""
        error: cannot type into <button id="pay">
         --> case.scenario:7:6
        7 | type "#pay" "hello"
          |      ^^^^^^ type needs an input, textarea or contenteditable element

        """#
    ),
    DiagnosticCase(
        "step before any visit",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        click "#pay"
        """#,
        expected: #"""
        error: click before any visit
         --> case.scenario:6:1
        6 | click "#pay"
          | ^^^^^ steps act on the current page; visit one first

        """#
    ),
    DiagnosticCase(
        "unknown page in visit",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cat"
        """#,
        expected: #"""
        error: unknown page "https://shop.example/cat"
         --> case.scenario:6:7
        6 | visit "https://shop.example/cat"
          |       ^^^^^^^^^^^^^^^^^^^^^^^^^^ did you mean "https://shop.example/cart"?

        """#
    ),
    DiagnosticCase(
        "duplicate person",
        source: #"""
        scenario "t"
        person "ann"
        person "ann"
        """#,
        expected: #"""
        error: duplicate person "ann"
         --> case.scenario:3:8
        3 | person "ann"
          |        ^^^^^ already declared on line 2

        """#
    ),
    DiagnosticCase(
        "duplicate page",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        page "https://shop.example/cart"
          html "<p>x</p>"
        """#,
        expected: #"""
        error: duplicate page "https://shop.example/cart"
         --> case.scenario:6:6
        6 | page "https://shop.example/cart"
          |      ^^^^^^^^^^^^^^^^^^^^^^^^^^^ already declared on line 2

        """#
    ),
    DiagnosticCase(
        "duration out of range",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        wait 48h
        """#,
        expected: #"""
        error: wait 48h is out of range
         --> case.scenario:7:6
        7 | wait 48h
          |      ^^^ must be from 0ms to 1d

        """#
    ),
    DiagnosticCase(
        "duration without unit",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        think 5 minutes
        """#,
        expected: #"""
        error: invalid duration "5" for think time
         --> case.scenario:7:7
        7 | think 5 minutes
          |       ^ write a whole number with ms, s, m, h or d, like 500ms, 2s or 3d

        """#
    ),
    DiagnosticCase(
        "unterminated string",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        click "#pay
        """#,
        expected: #"""
        error: unterminated string
         --> case.scenario:7:7
        7 | click "#pay
          |       ^ this quote is never closed

        """#
    ),
    DiagnosticCase(
        "unknown canary kind in type",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        type "#email" canary crad
        """#,
        expected: #"""
        error: unknown canary kind "crad"
         --> case.scenario:7:22
        7 | type "#email" canary crad
          |                      ^^^^ did you mean "card"?

        """#
    ),
    DiagnosticCase(
        "unknown canary kind in a header template",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        fetch POST "/api/pay"
          request-header "Authorization" "Bearer {canary tokn}"
        """#,
        expected: #"""
        error: unknown canary kind "tokn"
         --> case.scenario:8:50
        8 |   request-header "Authorization" "Bearer {canary tokn}"
          |                                                  ^^^^ did you mean "token"?

        """#
    ),
    DiagnosticCase(
        "invalid JSON in redux state",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        redux "cart/add" state {"items":[1,2}
        """#,
        expected: #"""
        error: unterminated JSON in the state
         --> case.scenario:7:24
        7 | redux "cart/add" state {"items":[1,2}
          |                        ^ this bracket is never closed on this line

        """#
    ),
    DiagnosticCase(
        "invalid JSON in a custom payload",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        custom "signup" {"plan":"pro",}
        """#,
        expected: #"""
        error: invalid JSON in the event payload
         --> case.scenario:7:31
        7 | custom "signup" {"plan":"pro",}
          |                               ^ unexpected character '}', expected a member name in double quotes

        """#
    ),
    DiagnosticCase(
        "empty html block",
        source: #"""
        scenario "t"
        page "https://shop.example/"
          html <<<
          >>>
        """#,
        expected: #"""
        error: page "https://shop.example/" has no HTML
         --> case.scenario:2:6
        2 | page "https://shop.example/"
          |      ^^^^^^^^^^^^^^^^^^^^^^^ add an html <<< ... >>> block under it

        """#
    ),
    DiagnosticCase(
        "unterminated html block",
        source: #"""
        scenario "t"
        page "https://shop.example/"
          html <<<
            <p>never closed
        """#,
        expected: #"""
        error: unterminated HTML block
         --> case.scenario:3:8
        3 |   html <<<
          |        ^^^ add a line with >>> after the HTML

        """#
    ),
    DiagnosticCase(
        "rage click count out of range",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        rage-click "#pay" times 99
        """#,
        expected: #"""
        error: click count 99 is out of range
         --> case.scenario:7:25
        7 | rage-click "#pay" times 99
          |                         ^^ must be from 3 to 50

        """#
    ),
    DiagnosticCase(
        "invalid selector syntax",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        click "div[data-x"
        """#,
        expected: #"""
        error: invalid selector "div[data-x"
         --> case.scenario:7:11
        7 | click "div[data-x"
          |           ^ expected "]" to close "["

        """#
    ),
    DiagnosticCase(
        "unknown person in switch-person",
        source: #"""
        scenario "t"
        person "alice"
        switch-person "alcie"
        """#,
        expected: #"""
        error: unknown person "alcie"
         --> case.scenario:3:15
        3 | switch-person "alcie"
          |               ^^^^^^^ did you mean "alice"?

        """#
    ),
    DiagnosticCase(
        "missing scenario name",
        source: #"""
        seed 1
        """#,
        expected: #"""
        error: missing scenario name
         --> case.scenario:1:1
        1 | seed 1
          | ^ start the file with scenario "NAME"

        """#
    ),
    DiagnosticCase(
        "indented line outside a block",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
          click "#pay"
        """#,
        expected: #"""
        error: indented line outside a block
         --> case.scenario:7:3
        7 |   click "#pay"
          |   ^^^^^ only the lines of a person, sdk, masking, page, fetch, xhr or throw block are indented

        """#
    ),
    DiagnosticCase(
        "checking a text input",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        check "#email"
        """#,
        expected: #"""
        error: cannot check <input id="email" type="email">
         --> case.scenario:7:7
        7 | check "#email"
          |       ^^^^^^^^ needs an input of type checkbox or radio

        """#
    ),
    DiagnosticCase(
        "selecting a missing option",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        select "#size" "l"
        """#,
        expected: #"""
        error: <select id="size"> has no option "l"
         --> case.scenario:7:8
        7 | select "#size" "l"
          |        ^^^^^^^ did you mean "s"?

        """#
    ),
    DiagnosticCase(
        "malformed stack frame",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        throw TypeError "boom"
          at "f" "app.js:12"
        """#,
        expected: #"""
        error: stack frame location must end with :LINE:COLUMN
         --> case.scenario:8:10
        8 |   at "f" "app.js:12"
          |          ^^^^^^^^^^^ write it like "https://shop.example/app.js:120:14"

        """#
    ),
    DiagnosticCase(
        "seed that is not a number",
        source: #"""
        scenario "t"
        seed -3
        """#,
        expected: #"""
        error: seed "-3" is not a whole number from 0 to 18446744073709551615
         --> case.scenario:2:6
        2 | seed -3
          |      ^^ write a number like 42

        """#
    ),
    DiagnosticCase(
        "unknown sdk",
        source: #"""
        scenario "t"
        sdk postog
        """#,
        expected: #"""
        error: unknown SDK "postog"
         --> case.scenario:2:5
        2 | sdk postog
          |     ^^^^^^ did you mean "posthog"?

        """#
    ),
    DiagnosticCase(
        "viewport out of range",
        source: #"""
        scenario "t"
        person "a"
          viewport 100x800
        """#,
        expected: #"""
        error: viewport 100x800 is out of range
         --> case.scenario:3:12
        3 |   viewport 100x800
          |            ^^^^^^^ each side must be from 200 to 10000

        """#
    ),
    DiagnosticCase(
        "step after unload",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        unload during-upload
        click "#pay"
        """#,
        expected: #"""
        error: click after the page unloaded
         --> case.scenario:8:1
        8 | click "#pay"
          | ^^^^^ visit or return to a page first

        """#
    ),
    DiagnosticCase(
        "unknown network setting",
        source: #"""
        scenario "t"
        page "https://shop.example/cart"
          html <<<
            <form><input id="email" type="email"><input id="agree" type="checkbox"><select id="size"><option value="s">S</option><option value="m">M</option></select><button id="pay">Pay</button></form>
          >>>
        visit "https://shop.example/cart"
        fetch GET "/api"
          stauts 200
        """#,
        expected: #"""
        error: unknown network setting "stauts"
         --> case.scenario:8:3
        8 |   stauts 200
          |   ^^^^^^ did you mean "status"?

        """#
    ),
    DiagnosticCase(
        "every error of a file at once",
        source: #"""
        scenario "t"
        seed 1x
        visit "https://nowhere.example/"
        page "https://shop.example/"
          html "<button id=\"go\">Go</button>"
        visit "https://shop.example/"
        clik "#go"
        click "#og"
        wait 2 s
        """#,
        expected: #"""
        error: seed "1x" is not a whole number from 0 to 18446744073709551615
         --> case.scenario:2:6
        2 | seed 1x
          |      ^^ write a number like 42

        error: unknown page "https://nowhere.example/"
         --> case.scenario:3:7
        3 | visit "https://nowhere.example/"
          |       ^^^^^^^^^^^^^^^^^^^^^^^^^^ declare it with page "https://nowhere.example/" and its HTML

        error: unknown step "clik"
         --> case.scenario:7:1
        7 | clik "#go"
          | ^^^^ did you mean "click"?

        error: selector "#og" matches nothing on https://shop.example/
         --> case.scenario:8:7
        8 | click "#og"
          |       ^^^^^ did you mean "#go"?

        error: invalid duration "2" for wait
         --> case.scenario:9:6
        9 | wait 2 s
          |      ^ write a whole number with ms, s, m, h or d, like 500ms, 2s or 3d

        """#
    ),
    ]
}
