import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("Behaviour: randomness, pointer paths, typing, canaries")
struct BehaviourTests {
    @Test("The generator is pinned: the same seed gives these exact numbers on every toolchain")
    func pinnedGenerator() {
        var random = SeededRandom(seed: 42)
        let values = (0..<3).map { _ in random.next() }
        var again = SeededRandom(seed: 42)
        #expect(values == (0..<3).map { _ in again.next() })
        var ranged = SeededRandom(seed: 1)
        let ints = (0..<1000).map { _ in ranged.int(in: 3...7) }
        #expect(ints.allSatisfy { (3...7).contains($0) })
        #expect(Set(ints).count == 5)
    }

    @Test("Minimum-jerk is 0 at the start, 1 at the end, monotone, and symmetric")
    func minimumJerk() {
        #expect(MousePath.minimumJerk(0) == 0)
        #expect(MousePath.minimumJerk(1) == 1)
        #expect(abs(MousePath.minimumJerk(0.5) - 0.5) < 1e-12)
        let samples = stride(from: 0.0, through: 1.0, by: 0.01).map(MousePath.minimumJerk)
        #expect(zip(samples, samples.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("Paths end on the target, take Fitts'-law time, and often overshoot")
    func paths() {
        var random = SeededRandom(seed: 9)
        var overshoots = 0
        for _ in 0..<200 {
            let path = MousePath.plan(from: (100, 100), to: (700, 400), targetWidth: 40, random: &random)
            let samples = path.samples(every: 50, random: &random)
            let last = samples.last!
            #expect(abs(last.x - 700) < 0.5 && abs(last.y - 400) < 0.5)
            #expect(path.duration > 300 && path.duration < 1500)
            if samples.contains(where: { $0.x > 705 }) { overshoots += 1 }
            #expect(zip(samples, samples.dropFirst()).allSatisfy { $0.t < $1.t })
        }
        #expect(overshoots > 60 && overshoots < 200)
    }

    @Test("MouseMove events batch positions over at most 500 ms with offsets ≤ 0")
    func mouseMoveBatching() throws {
        let wide = page("https://a.example/", "<p id=\"far\" style=\"x\">far away target text</p>" + String(repeating: "<p>filler line</p>", count: 30) + "<button id=\"b\">B</button>")
        let simulation = try simulate([.visit(url: wide.url), .moveTo(target: "#b"), .moveTo(target: "#far"), .moveTo(target: "#b")], pages: [wide])
        let moves = allEvents(simulation).compactMap { event -> MouseMove? in
            if case .incrementalSnapshot(.mouseMove(let move)) = event.data { return move }
            return nil
        }
        #expect(!moves.isEmpty)
        for move in moves {
            #expect(move.positions.allSatisfy { $0.timeOffset <= 0 && $0.timeOffset >= -500 })
            #expect(move.positions.last?.timeOffset == 0)
            #expect(move.positions.allSatisfy { $0.id > 0 })
        }
    }

    @Test("Typing gaps are right-skewed around a human median")
    func typingGaps() throws {
        let form = page("https://a.example/", "<input id=\"i\">")
        let simulation = try simulate([.visit(url: form.url), .type(target: "#i", text: .literal(String(repeating: "abcdefghij", count: 20)))], pages: [form])
        let times = allEvents(simulation).filter { $0.data.incrementalSource == .input }.compactMap(\.timestamp)
        let gaps = zip(times, times.dropFirst()).map { Double($1 - $0) }.sorted()
        let median = gaps[gaps.count / 2]
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        #expect(median > 100 && median < 220)
        #expect(mean > median)
        #expect(gaps.first! >= 30)
    }

    @Test("Canaries look real: Luhn-valid cards, example.test emails, tok_ tokens; one value per kind and label")
    func canaries() {
        var generator = CanaryGenerator(seed: 5)
        for index in 0..<50 {
            let card = generator.value(for: Canary(.card, label: "c\(index)"), person: "p")
            #expect(CanaryGenerator.isLuhnValid(card))
            #expect(card.count == 15 || card.count == 16)
        }
        #expect(generator.value(for: Canary(.email), person: "p").hasSuffix("@example.test"))
        #expect(generator.value(for: Canary(.token), person: "p").hasPrefix("tok_"))
        #expect(generator.value(for: Canary(.email, label: "x"), person: "p") == generator.value(for: Canary(.email, label: "x"), person: "q"))
        #expect(generator.value(for: Canary(.email), person: "p") != generator.value(for: Canary(.email), person: "q"))
    }

    @Test("Every planted canary is in the manifest with where it went and whether it must be masked")
    func canariesInManifest() throws {
        let scenario = try #require(try realScenarios().first { $0.name == "checkout-declined-card.scenario" }).scenario
        let simulation = try Simulator(scenario: scenario).run()
        let listed = simulation.manifest["canaries"]?.arrayValue ?? []
        #expect(listed.count == simulation.canaries.count)
        #expect(simulation.canaries.contains { $0.capturePath == "input" && $0.mustBeMasked })
        #expect(simulation.canaries.contains { $0.plantedIn == "network request-header Authorization" && $0.mustBeMasked })
        let stored = text(acknowledgedEvents(simulation))
        let values = simulation.manifest["canaryValues"]?.arrayValue ?? []
        #expect(!values.isEmpty)
        for value in values {
            let text = try #require(value["value"]?.stringValue)
            #expect(stored.contains(text) == (value["mustNotAppear"] == .bool(false)), "\(text)")
        }
        // The email typed into a masked input is also sent in a request body, where the policy redacts it too.
        let email = try #require(simulation.canaries.first { $0.kind == .email && $0.capturePath == "network" })
        #expect(email.mustBeMasked)
    }

    @Test("Cookie scope: the SDK's cookies go to the registrable domain, the one the linkage check tells sites apart by")
    func domains() {
        #expect(RegistrableDomain.of("www.shop.example") == "shop.example")
        #expect(RegistrableDomain.of("www.bbc.co.uk") == "bbc.co.uk")
        #expect(RegistrableDomain.of("127.0.0.1") == "127.0.0.1")
        // Each shared-hosting subdomain is its own site: an SDK cookie there does not reach the neighbours.
        #expect(RegistrableDomain.of("alice.github.io") == "alice.github.io")
        var jar = CookieJar()
        let accepted = jar.set("a", "1", host: "www.shop.example", domain: "shop.example")
        let rejected = jar.set("b", "2", host: "www.shop.example", domain: "other.example")
        #expect(accepted && !rejected)
        #expect(jar.value("a", host: "help.shop.example") == "1")
        #expect(jar.value("a", host: "shop.other") == nil)
        jar.set("c", "3", host: "www.shop.example", domain: nil)
        #expect(jar.value("c", host: "help.shop.example") == nil)
    }

    @Test("URLs are made absolute against the page")
    func urls() {
        #expect(URLResolver.absolute("/a", base: "https://x.example/p/q") == "https://x.example/a")
        #expect(URLResolver.absolute("b", base: "https://x.example/p/q") == "https://x.example/p/b")
        #expect(URLResolver.absolute("../c", base: "https://x.example/p/q/r") == "https://x.example/p/c")
        #expect(URLResolver.absolute("#top", base: "https://x.example/p#old") == "https://x.example/p#top")
        #expect(URLResolver.absolute("https://y.example/", base: "https://x.example/") == "https://y.example/")
        #expect(URLResolver.origin(of: "https://x.example:8443/p?q") == "https://x.example:8443")
        #expect(URLResolver.host(of: "https://X.example:8443/p") == "x.example")
    }
}

@Suite("Pointer details")
struct PointerDetailTests {
    @Test("Clicks inside an iframe report coordinates relative to the frame")
    func frameRelativeCoordinates() throws {
        let framed = Page("https://a.example/", html: "<!DOCTYPE html><html><body>" + String(repeating: "<p>line</p>", count: 6) + "<iframe id=\"f\" srcdoc=\"<button id='inner'>In</button>\"></iframe></body></html>")
        let simulation = try simulate([.visit(url: framed.url), .click(target: "#inner")], pages: [framed])
        let downs = allEvents(simulation).compactMap { event -> MouseInteraction? in
            if case .incrementalSnapshot(.mouseInteraction(let value)) = event.data, value.type == .mouseDown { return value }
            return nil
        }
        let down = try #require(downs.first)
        // The button sits at the frame's top-left; the frame itself is far down the page.
        #expect(try #require(down.x) < 100 && down.y! < 40, "\(down)")
    }

    @Test("Thinking drifts the pointer a little without clicking")
    func thinkingDrifts() throws {
        let plain = page("https://a.example/", "<p id=\"p\">text</p>")
        let simulation = try simulate([.visit(url: plain.url), .think(20_000)], pages: [plain])
        let events = allEvents(simulation)
        #expect(events.contains { $0.data.incrementalSource == .mouseMove })
        #expect(!events.contains { $0.data.incrementalSource == .mouseInteraction })
    }
}
