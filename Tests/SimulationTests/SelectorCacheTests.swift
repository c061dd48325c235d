import Markup
@testable import Simulation
import Testing

/// `SelectorCache` gives what parsing afresh gives, for selectors that parse and those that do not.
@Suite("Shared selector cache")
struct SelectorCacheTests {
    @Test("A cached selector matches as a fresh parse does; a broken one stays nil")
    func cachedEqualsFresh() throws {
        let cache = SelectorCache()
        let text = "form#checkout > input[type=email]:not(.hidden)"
        let first = try #require(cache.parsed(text))
        #expect(first == (try CSSSelector(text)))
        #expect(cache.parsed(text) == first)
        #expect(first.simpleParts == (try CSSSelector(text)).simpleParts)
        #expect(cache.parsed("input[type=") == nil)
        #expect(cache.parsed("input[type=") == nil)
    }

    @Test("Past its capacity the cache starts again and still answers")
    func capacity() throws {
        let cache = SelectorCache()
        for index in 0...SelectorCache.capacity { _ = cache.parsed("#n\(index)") }
        #expect(cache.parsed("#n0")?.source == "#n0")
        #expect(cache.parsed("#n\(SelectorCache.capacity)")?.simpleParts == ["#n\(SelectorCache.capacity)"])
    }
}
