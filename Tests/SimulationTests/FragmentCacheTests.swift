import Markup
@testable import Simulation
import Testing

/// `FragmentCache` gives what parsing afresh gives.
@Suite("Shared fragment cache")
struct FragmentCacheTests {
    @Test("A cached fragment equals a fresh parse, the first time and after")
    func cachedEqualsFresh() {
        let cache = FragmentCache()
        let html = #"<li class="line" data-id="p1">Trail &amp; mug<b>!</b></li><!-- note --><p>Two"#
        #expect(cache.parsed(html) == HTMLParser.parse(html))
        #expect(cache.parsed(html) == HTMLParser.parse(html))
        #expect(cache.parsed("<p>other</p>") == HTMLParser.parse("<p>other</p>"))
        #expect(cache.parsed(html) != cache.parsed("<p>other</p>"))
    }

    @Test("Past its capacity the cache starts again, and markup too large to keep is still parsed")
    func limits() {
        let cache = FragmentCache()
        for index in 0...FragmentCache.capacity { _ = cache.parsed("<i>\(index)</i>") }
        #expect(cache.parsed("<i>0</i>") == HTMLParser.parse("<i>0</i>"))
        let large = "<p>" + String(repeating: "x", count: FragmentCache.largestKept) + "</p>"
        #expect(cache.parsed(large) == HTMLParser.parse(large))
    }
}
