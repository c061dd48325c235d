import ScenarioLanguage
@testable import Simulation
import Testing

/// `TemplateCache` gives what parsing afresh gives, for templates that parse and those that do not.
@Suite("Shared template cache")
struct TemplateCacheTests {
    @Test("A cached template equals a fresh parse; a broken one stays nil")
    func cachedEqualsFresh() throws {
        let cache = TemplateCache()
        let text = "card {canary card} for {canary email:buyer}"
        let first = try #require(cache.parsed(text))
        #expect(first == (try Template(parsing: text)))
        #expect(cache.parsed(text) == first)
        #expect(cache.parsed("plain") == (try Template(parsing: "plain")))
        #expect((try? Template(parsing: "{canary nope")) == nil)
        #expect(cache.parsed("{canary nope") == nil)
        #expect(cache.parsed("{canary nope") == nil)
    }

    @Test("Past its capacity the cache starts again and still answers")
    func capacity() {
        let cache = TemplateCache()
        for index in 0...TemplateCache.capacity { _ = cache.parsed("t\(index) {canary email}") }
        #expect(cache.parsed("t0 {canary email}") == (try? Template(parsing: "t0 {canary email}")))
    }
}
