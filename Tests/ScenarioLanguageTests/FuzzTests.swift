import Testing
import ScenarioLanguage
import SessionModel


@Suite("Parser robustness")
struct FuzzTests {
    /// Small valid and nearly valid files that mutations start from.
    static let seeds: [String] = [
        """
        scenario "fuzz"
        seed 1
        person "a"
          viewport 800x600
          ip "192.0.2.1"
        sdk sentry
          flush-interval 2s
        masking
          mask-all-inputs
          block ".ad"
        page "https://s.example/"
          html <<<
            <form><input id="e" type="email"><select id="s"><option value="x">X</option></select><button id="b">Go</button></form>
            <div id="host"><template shadowrootmode="open"><input id="inner"></template></div>
          >>>
        visit "https://s.example/"
        type "#e" canary email "work"
        select "#s" "x"
        click "#b"
        fetch POST "/api" 
          status 500
          request-header "Authorization" "Bearer {canary token}"
          request-body json {"a":"{canary card}","b":[1,2,{"c":null}]}
        throw TypeError "x"
          at "f" "https://s.example/a.js:1:2"
        redux "t" payload {"p":1} state {"s":true}
        unload during-upload
        return after 2m
        expect sessions "a" 1
        """,
        DiagnosticCase.all.map(\.source).joined(separator: "\n"),
        "scenario \"t\"\nvisit \"https://x.example/\"\nwait 1s\n",
    ]

    /// Short files, each exercising a few constructs; most inputs start from these to keep the test fast.
    static let smallSeeds: [String] = [
        "scenario \"a\"\npage \"https://a.example/\"\n  html \"<input id=i><b class=x>t</b>\"\nvisit \"https://a.example/\"\ntype \"#i\" canary card \"c\"\nclick \"b.x\"\n",
        "scenario \"b\"\nperson \"p\"\n  viewport 800x600\n  timezone \"Europe/Oslo\"\nsdk logrocket\n  idle-timeout 5m\nexpect sessions \"p\" 2\n",
        "scenario \"c\"\npage \"https://c.example/\"\n  html <<<\n    <ul id=l><li>a</ul>\n  >>>\nvisit \"https://c.example/\"\nadd-element \"#l\" \"<li id=n>b</li>\"\nclick \"#n\"\nback\n",
        "scenario \"d\"\npage \"https://d.example/\"\n  html \"<p id=p>x</p>\"\nvisit \"https://d.example/\"\nfetch GET \"/x\"\n  status 404\n  request-header \"A\" \"{canary token:t}\"\n  response-body json {\"e\":[1]}\n",
        "scenario \"e\"\npage \"https://e.example/\"\n  html \"<p id=p>x</p>\"\nvisit \"https://e.example/\"\nthrow Error \"m\"\n  at \"f\" \"https://e.example/a.js:1:1\"\nredux \"a\" state {\"b\":1}\nunload before-upload\nreturn after 1m\n",
        "scenario \"f\"\nmasking raw\n  mask-text \".m\"\n  redact-header \"X\"\npage \"https://f.example/\"\n  html \"<select id=s><option>o</option></select>\"\nvisit \"https://f.example/\"\nselect \"#s\" \"o\"\nscroll to 0 9\n",
        "scenario \"g\"\nseed 9\nperson \"x\"\nperson \"y\"\nswitch-person \"y\"\nopen-tab \"https://g.example/\"\npage \"https://g.example/\"\n  html \"<i id=i contenteditable>x</i>\"\ntype \"#i\" \"\\u{1F600}\\n\"\n",
    ]

    /// Pieces that random inputs are assembled from: keywords, literals and troublemakers.
    static let vocabulary: [String] = [
        "scenario", "seed", "person", "sdk", "masking", "page", "expect", "html", "<<<", ">>>", "visit", "navigate", "open-tab", "back",
        "return", "after", "to", "switch-person", "unload", "during-upload", "move", "click", "rage-click", "times", "scroll", "type",
        "canary", "card", "select", "check", "wait", "think", "set-text", "add-element", "move-element", "into", "console", "error",
        "throw", "at", "reject", "fetch", "xhr", "GET", "POST", "status", "fails", "request-header", "request-body", "json", "custom",
        "redux", "payload", "state", "identify", "traits", "sessions", "unlinkable", "posthog", "raw", "viewport", "1280x800",
        "\"https://s.example/\"", "\"#e\"", "\"#b\"", "\"div > p:not(.x)\"", "\"[a=\"", "\"{canary token}\"", "\"{canary \"", "\"{{\"",
        "\"", "\\", "\\u{", "{", "}", "[", "]", ":", ",", "#", " ", "  ", "\t", "\n", "\n  ", "\r\n", "0", "-1", "99999999999999999999",
        "500ms", "2s", "3m", "1h", "25h", "é", "😀", "\u{0}", "<p>", "</p>", "<template shadowrootmode=open>", "<iframe srcdoc='<b>'>",
        "<!--", "-->", "&amp;", "&#x1F600;", "{\"a\":", "null}", "true", "\"x\"",
    ]

    static let vocabularyBytes: [[UInt8]] = vocabulary.map { Array($0.utf8) }

    static func randomInput(_ random: inout SplitMix64, maximumTokens: Int = 30) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<(1 + random.int(in: 0...maximumTokens - 1)) {
            bytes += vocabularyBytes[random.int(in: 0...vocabularyBytes.count - 1)]
            if random.int(in: 0...2) == 0 { bytes.append(0x20) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One to three consecutive lines of `seed`, mutated: most parsing is line by line, so small inputs reach most paths cheaply.
    static func mutateWindow(_ lines: [Substring], _ random: inout SplitMix64) -> String {
        let start = random.int(in: 0...lines.count - 1)
        let window = lines[start..<min(lines.count, start + 1 + random.int(in: 0...2))].joined(separator: "\n")
        return mutate(window, &random)
    }

    static func mutate(_ seed: String, _ random: inout SplitMix64) -> String {
        var bytes = Array(seed.utf8)
        for _ in 0..<(1 + random.int(in: 0...4 - 1)) {
            switch random.int(in: 0...6 - 1) {
            case 0 where !bytes.isEmpty:
                let start = random.int(in: 0...bytes.count - 1)
                let length = min(bytes.count - start, 1 + random.int(in: 0...12 - 1))
                bytes.removeSubrange(start..<(start + length))
            case 1:
                bytes.insert(contentsOf: Array(random.pick(vocabulary).utf8), at: random.int(in: 0...(bytes.count + 1) - 1))
            case 2 where !bytes.isEmpty:
                bytes[random.int(in: 0...bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next())
            case 3:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                if lines.count > 1 { lines.swapAt(random.int(in: 0...lines.count - 1), random.int(in: 0...lines.count - 1)) }
                bytes = Array(lines.joined(separator: [0x0A]))
            case 4:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                let line = random.int(in: 0...lines.count - 1)
                lines.insert(lines[line], at: line)
                bytes = Array(lines.joined(separator: [0x0A]))
            default:
                bytes = Array(bytes.prefix(random.int(in: 0...(bytes.count + 1) - 1)))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let iterations = 100_000

    /// What one share of the fuzz run saw.
    struct Outcome: Sendable {
        var slowest = Duration.zero
        var valid = 0
        var failures: [String] = []
    }

    /// Runs `count` inputs from one seed; the shares are independent, so they can run in parallel.
    static func run(seed: UInt64, count: Int) -> Outcome {
        var random = SplitMix64(seed: seed)
        let clock = ContinuousClock()
        var outcome = Outcome()
        let largeSeeds = [Self.seeds[0], Self.seeds[2]] + DiagnosticCase.all.map(\.source)
        let allSeedLines = (Self.smallSeeds + largeSeeds).map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        for index in 0..<count {
            let input: String
            switch index % 10 {
            case 0, 1, 2, 3: input = Self.randomInput(&random, maximumTokens: 12)
            case 4: input = Self.randomInput(&random)
            case 5, 6, 7, 8: input = Self.mutateWindow(random.pick(allSeedLines), &random)
            case 9 where index % 1_000 == 9: input = Self.mutate(Self.seeds[1], &random)
            case 9 where index % 50 == 19: input = Self.mutate(random.pick(largeSeeds), &random)
            default: input = Self.mutate(random.pick(Self.smallSeeds), &random)
            }
            let start = clock.now
            let result = ScenarioParser.parse(input, file: "fuzz.scenario")
            let rendered = DiagnosticRenderer.render(result.diagnostics)
            outcome.slowest = max(outcome.slowest, clock.now - start)
            if let scenario = result.scenario {
                outcome.valid += 1
                // A value that parses must print to text that parses back to it.
                let printed = ScenarioPrinter.print(scenario)
                if (try? Scenario(parsing: printed)) != scenario, outcome.failures.count < 3 { outcome.failures.append(input) }
            } else if result.diagnostics.isEmpty || rendered.isEmpty, outcome.failures.count < 3 {
                outcome.failures.append(input)
            }
        }
        return outcome
    }

    @Test("100,000 mutated and random inputs each end in a value or diagnostics, quickly")
    func neverCrashesOrHangs() async {
        let shares = 4
        let outcomes = await withTaskGroup(of: (Int, Outcome).self) { group in
            for share in 0..<shares {
                group.addTask { (share, Self.run(seed: 0x5CE7_A210 &+ UInt64(share), count: Self.iterations / shares)) }
            }
            var collected: [(Int, Outcome)] = []
            for await outcome in group { collected.append(outcome) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let failures = outcomes.flatMap(\.failures)
        let slowest = outcomes.map(\.slowest).max() ?? .zero
        let valid = outcomes.map(\.valid).reduce(0, +)
        #expect(failures.isEmpty, "inputs that broke the contract: \(failures)")
        #expect(slowest < .seconds(1), "slowest single input took \(slowest)")
        #expect(valid > 500, "only \(valid) mutated inputs stayed valid; the mutations are too coarse to test printing")
    }
}
