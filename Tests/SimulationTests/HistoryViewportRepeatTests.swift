import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("Simulated client-side routing, window resizes and repeats")
struct HistoryViewportRepeatTests {
    static let shop = page("https://shop.example/boots", #"<div id="grid"><button id="more">More</button></div>"#)

    func customEvents(_ simulation: Simulation) -> [CustomEvent] {
        allEvents(simulation).compactMap { if case .custom(let custom) = $0.data { return custom }; return nil }
    }

    func metas(_ simulation: Simulation) -> [Meta] {
        allEvents(simulation).compactMap { if case .meta(let meta) = $0.data { return meta }; return nil }
    }

    static let routing: [StepAction] = [
        .visit(url: shop.url), .pushState(url: "/boots?color=red"), .pushState(url: "?color=red"), .replaceState(url: "/boots/ridge"), .popState,
    ]

    @Test("PostHog records each URL change as a Custom $pageview with href, and takes no new FullSnapshot")
    func posthogPageviews() throws {
        let simulation = try simulate(Self.routing, pages: [Self.shop], sdk: SDKProfile(kind: .posthog))
        let pageviews = customEvents(simulation).filter { $0.tag == "$pageview" }
        #expect(pageviews.map(\.payload) == [
            .object(["href": .string("https://shop.example/boots?color=red")]),
            .object(["href": .string("https://shop.example/boots/ridge")]),
            .object(["href": .string("https://shop.example/boots?color=red")]),
        ], "the second push to the same URL adds an entry but records nothing; pop-state goes back to it")
        #expect(fullSnapshots(simulation).count == 1)
        #expect(metas(simulation).map(\.href) == [Self.shop.url])
    }

    @Test("Sentry records a navigation.push performanceSpan with the previous URL; LogRocket a Meta with the new href")
    func sentryAndLogRocket() throws {
        let sentry = try simulate(Self.routing, pages: [Self.shop], sdk: SDKProfile(kind: .sentry))
        let spans = customEvents(sentry).filter { $0.tag == "performanceSpan" }
        #expect(spans.count == 3)
        guard case .object(let first)? = spans.first?.payload else { Issue.record("no span"); return }
        #expect(first["op"] == .string("navigation.push"))
        #expect(first["description"] == .string("https://shop.example/boots?color=red"))
        #expect(first["data"] == .object(["previous": .string("https://shop.example/boots")]))
        #expect(fullSnapshots(sentry).count == 1)
        let logrocket = try simulate(Self.routing, pages: [Self.shop], sdk: SDKProfile(kind: .logrocket))
        #expect(metas(logrocket).map(\.href) == [Self.shop.url, "https://shop.example/boots?color=red", "https://shop.example/boots/ridge", "https://shop.example/boots?color=red"])
        #expect(fullSnapshots(logrocket).count == 1)
    }

    @Test("resize and rotate emit ViewportResize, and later clicks land inside the new viewport")
    func resizeAndRotate() throws {
        let phone = Viewport(width: 390, height: 844)
        let simulation = try simulate([.visit(url: Self.shop.url), .resizeViewport(phone), .rotate, .rotate, .click(target: "#more")], pages: [Self.shop])
        let resizes: [ViewportResize] = allEvents(simulation).compactMap {
            if case .incrementalSnapshot(.viewportResize(let resize)) = $0.data { return resize }
            return nil
        }
        #expect(resizes.map { [$0.width, $0.height] } == [[390, 844], [844, 390], [390, 844]])
        let clicks: [MouseInteraction] = allEvents(simulation).compactMap {
            if case .incrementalSnapshot(.mouseInteraction(let interaction)) = $0.data, interaction.type == .click { return interaction }
            return nil
        }
        let x = try #require(clicks.last?.x)
        #expect(x < 390, "the button is laid out in the 390 px wide viewport")
    }

    @Test("repeat N runs its body N times: the same events as writing the steps out, for the same seed")
    func repeatEqualsWrittenOut() throws {
        let body: [StepAction] = [.click(target: "#more"), .think(3_000), .scroll(target: nil, x: 0, y: 300)]
        let repeated = try simulate([.visit(url: Self.shop.url), .repeatSteps(count: 4, body: body.map { Step($0) })], pages: [Self.shop])
        let writtenOut = try simulate([.visit(url: Self.shop.url)] + Array(repeating: body, count: 4).flatMap { $0 }, pages: [Self.shop])
        #expect(text(allEvents(repeated)) == text(allEvents(writtenOut)))
        #expect(try SimulationFiles.render(repeated).map(\.bytes) == SimulationFiles.render(writtenOut).map(\.bytes))
        let once = try simulate([.visit(url: Self.shop.url), .repeatSteps(count: 1, body: body.map { Step($0) })], pages: [Self.shop])
        #expect(allEvents(once).count < allEvents(repeated).count)
    }

    @Test("return after comes back to the address the person was last on: the pushed URL, with the document that pushed it")
    func returnAfterPushState() throws {
        let other = page("https://shop.example/help", #"<p id="faq">FAQ</p>"#)
        let steps: [StepAction] = [.visit(url: Self.shop.url), .pushState(url: "/boots?color=red"), .returnAfter(3 * 86_400_000, url: nil), .click(target: "#more")]
        let simulation = try simulate(steps, pages: [Self.shop, other])
        #expect(metas(simulation).map(\.href) == [Self.shop.url, "https://shop.example/boots?color=red"], "the second visit opens at the pushed URL")
        let returned = try #require(fullSnapshots(simulation).last)
        #expect(node(withHTMLId: "more", in: returned) != nil, "the document is the page that pushed the URL")
        // A later push on the returned page keeps resolving against the address it opened at.
        let again = try simulate(steps + [.pushState(url: "?color=blue")], pages: [Self.shop, other])
        #expect(customEvents(again).filter { $0.tag == "$pageview" }.last?.payload == .object(["href": .string("https://shop.example/boots?color=blue")]))
        // `return after ... to` still goes where it says, and a later load replaces the pushed address.
        let explicit = try simulate([.visit(url: Self.shop.url), .pushState(url: "/boots?color=red"), .returnAfter(60_000, url: other.url)], pages: [Self.shop, other])
        #expect(metas(explicit).map(\.href) == [Self.shop.url, other.url])
        let navigated = try simulate([.visit(url: Self.shop.url), .pushState(url: "/boots?color=red"), .navigate(url: other.url), .returnAfter(60_000, url: nil)], pages: [Self.shop, other])
        #expect(metas(navigated).map(\.href) == [Self.shop.url, other.url, other.url])
    }
}
