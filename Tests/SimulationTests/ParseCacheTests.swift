import Markup
import ScenarioLanguage
@testable import Simulation
import Testing

/// The process-wide parse caches give what parsing afresh gives, for texts that parse and those that do not.
@Suite("Shared parse caches")
struct ParseCacheTests {
    @Test("A text cache makes a value once per text and starts again past its capacity")
    func textCache() {
        let cache = TextCache<Int>(capacity: 2)
        var made = 0
        func length(_ text: String) -> Int { cache.value(for: text) { made += 1; return $0.utf8.count } }
        #expect(length("abc") == 3)
        #expect(length("abc") == 3)
        #expect(made == 1)
        #expect(length("de") == 2)
        #expect(length("f") == 1)
        #expect(made == 3)
        #expect(length("abc") == 3)
        #expect(made == 4)
    }

    @Test("A cached selector matches as a fresh parse does; a broken one stays nil")
    func selectors() throws {
        let cache = SelectorCache()
        let text = "form#checkout > input[type=email]:not(.hidden)"
        let first = try #require(cache.parsed(text))
        #expect(first == (try CSSSelector(text)))
        #expect(cache.parsed(text) == first)
        #expect(first.simpleParts == (try CSSSelector(text)).simpleParts)
        #expect(cache.parsed("input[type=") == nil)
        #expect(cache.parsed("input[type=") == nil)
        for index in 0...SelectorCache.capacity { _ = cache.parsed("#n\(index)") }
        #expect(cache.parsed("#n0")?.source == "#n0")
        #expect(cache.parsed("#n\(SelectorCache.capacity)")?.simpleParts == ["#n\(SelectorCache.capacity)"])
    }

    @Test("A cached template equals a fresh parse; a broken one stays nil")
    func templates() throws {
        let cache = TemplateCache()
        let text = "card {canary card} for {canary email:buyer}"
        #expect(try #require(cache.parsed(text)) == (try Template(parsing: text)))
        #expect(cache.parsed(text) == (try Template(parsing: text)))
        #expect(cache.parsed("plain") == (try Template(parsing: "plain")))
        #expect((try? Template(parsing: "{canary nope")) == nil)
        #expect(cache.parsed("{canary nope") == nil)
        #expect(cache.parsed("{canary nope") == nil)
        for index in 0...TemplateCache.capacity { _ = cache.parsed("t\(index) {canary email}") }
        #expect(cache.parsed("t0 {canary email}") == (try? Template(parsing: "t0 {canary email}")))
    }

    @Test("A cached fragment equals a fresh parse; markup too large to keep is still parsed")
    func fragments() {
        let cache = FragmentCache()
        let html = #"<li class="line" data-id="p1">Trail &amp; mug<b>!</b></li><!-- note --><p>Two"#
        #expect(cache.parsed(html) == HTMLParser.parse(html))
        #expect(cache.parsed(html) == HTMLParser.parse(html))
        #expect(cache.parsed(html) != cache.parsed("<p>other</p>"))
        for index in 0...FragmentCache.capacity { _ = cache.parsed("<i>\(index)</i>") }
        #expect(cache.parsed("<i>0</i>") == HTMLParser.parse("<i>0</i>"))
        let large = "<p>" + String(repeating: "x", count: FragmentCache.largestKept) + "</p>"
        #expect(cache.parsed(large) == HTMLParser.parse(large))
    }
}
