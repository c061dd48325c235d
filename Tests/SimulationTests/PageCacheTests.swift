import ScenarioLanguage
@testable import Simulation
import Testing

/// Pages and first snapshots shared through `PageCache` never make one simulation depend on another.
@Suite("Shared page cache")
struct PageCacheTests {
    @Test("A scenario gives the same bytes before and after its pages were cached under other masking policies")
    func maskingPoliciesStayApart() throws {
        let original = try #require(try realScenarios().first { $0.name == "checkout-declined-card.scenario" }).scenario
        var raw = original
        raw.masking = MaskingPolicy(mode: .raw)
        var strict = original
        strict.masking = MaskingPolicy(maskAllInputs: true, maskTextSelectors: ["p", "h1"], blockSelectors: ["form"])
        let first = try SimulationFiles.render(try Simulator(scenario: original).run())
        let rawFiles = try SimulationFiles.render(try Simulator(scenario: raw).run())
        let strictFiles = try SimulationFiles.render(try Simulator(scenario: strict).run())
        #expect(rawFiles.map(\.bytes) != strictFiles.map(\.bytes))
        #expect(try SimulationFiles.render(try Simulator(scenario: strict).run()).map(\.bytes) == strictFiles.map(\.bytes))
        #expect(try SimulationFiles.render(try Simulator(scenario: original).run()).map(\.bytes) == first.map(\.bytes))
    }

    @Test("Two pages whose HTML is canonically equivalent but spelled with other bytes are cached apart, each keeping its own bytes")
    func equivalentTextStaysApart() throws {
        let precomposed = "<html><body><p>caf\u{E9}</p></body></html>"
        let decomposed = "<html><body><p>cafe\u{301}</p></body></html>"
        #expect(precomposed == decomposed && !precomposed.hasSameBytes(as: decomposed))
        let url = "https://equivalent-text.example/"
        let viewport = Viewport(width: 800, height: 600)
        var first = PageCache.shared.dom(html: precomposed, url: url, viewport: viewport)
        var second = PageCache.shared.dom(html: decomposed, url: url, viewport: viewport)
        let firstParagraph = first.first("p"), secondParagraph = second.first("p")
        #expect(Array(first.textContent(of: try #require(firstParagraph)).utf8) == Array("caf\u{E9}".utf8))
        #expect(Array(second.textContent(of: try #require(secondParagraph)).utf8) == Array("cafe\u{301}".utf8))
    }

    @Test("Frame documents kept with a snapshot by an SDK that sends other frames give the same bytes as serializing them afresh")
    func frameDocumentsFollowTheSDK() throws {
        let original = try #require(try realScenarios().first { $0.name == "cross-origin-payment-frame.scenario" }).scenario
        // Masking policies of their own, so each run below meets the cache as described (the text class matches nothing).
        func withPolicy(_ scenario: Scenario, _ name: String) -> Scenario {
            var scenario = scenario
            scenario.masking.maskTextClasses.append(name)
            return scenario
        }
        var sendsNoFrame = original
        sendsNoFrame.sdk.recordsCrossOriginIframes = false
        // Cold: the page's snapshot and frame documents are serialized and kept.
        let fresh = try SimulationFiles.render(try Simulator(scenario: withPolicy(original, "frames-test-a")).run())
        // Kept first by an SDK that sends no frame: the next run serializes the frame itself.
        _ = try Simulator(scenario: withPolicy(sendsNoFrame, "frames-test-b")).run()
        let afterNoFrame = try SimulationFiles.render(try Simulator(scenario: withPolicy(original, "frames-test-b")).run())
        // Warm: the frame documents come from the cache.
        let warm = try SimulationFiles.render(try Simulator(scenario: withPolicy(original, "frames-test-a")).run())
        #expect(afterNoFrame.map(\.bytes) == fresh.map(\.bytes))
        #expect(warm.map(\.bytes) == fresh.map(\.bytes))
        let frameless = try SimulationFiles.render(try Simulator(scenario: withPolicy(sendsNoFrame, "frames-test-a")).run())
        #expect(frameless.map(\.bytes) != fresh.map(\.bytes))
    }

    @Test("Pages with the same URL and different HTML are kept apart")
    func sameURLDifferentHTML() throws {
        let url = "https://cache.example/"
        let viewport = Viewport(width: 1280, height: 800)
        let one = PageCache.shared.dom(html: "<p id=\"a\">One</p>", url: url, viewport: viewport)
        let two = PageCache.shared.dom(html: "<div><p id=\"b\">Two</p></div>", url: url, viewport: viewport)
        #expect(one.count != two.count)
        #expect(PageCache.shared.dom(html: "<p id=\"a\">One</p>", url: url, viewport: viewport).count == one.count)
    }
}
