import Foundation
import Replay
import SessionModel
import Testing
import _TestSupport

/// A small shop session written with the event conventions the scenario simulator uses.
enum ShopSession {
    static let t0: Int64 = 1_700_000_000_000

    static func events() -> [Event] {
        let page = SerializedNode.document(id: 1, childNodes: [
            .element(id: 2, tagName: "html", childNodes: [
                .element(id: 3, tagName: "head", childNodes: [.element(id: 4, tagName: "title", childNodes: [.text(id: 5, "Cart")])]),
                .element(id: 6, tagName: "body", childNodes: [
                    .element(id: 7, tagName: "main", childNodes: [
                        .element(id: 8, tagName: "input", attributes: ["id": "email", "type": "email"]),
                        .element(id: 9, tagName: "input", attributes: ["autocomplete": "cc-number", "data-private": ""]),
                        .element(id: 10, tagName: "button", attributes: ["id": "pay"], childNodes: [.text(id: 11, " Pay  now ")]),
                        .element(id: 12, tagName: "p", attributes: ["class": "status rr-mask"], childNodes: [.text(id: 13, "")]),
                        .element(id: 14, tagName: "p", attributes: ["class": "status"]),
                    ]),
                ]),
            ]),
        ])
        func at(_ ms: Int64, _ data: EventData) -> Event { Event(timestamp: t0 + ms, data: data) }
        return [
            at(0, .meta(Meta(href: "https://shop.example/cart", width: 1280, height: 800))),
            at(0, .fullSnapshot(FullSnapshot(node: page))),
            at(100, .incrementalSnapshot(.input(Input(id: 8, text: "a")))),
            at(150, .incrementalSnapshot(.input(Input(id: 8, text: "ab@x.io")))),
            at(200, .incrementalSnapshot(.input(Input(id: 9, text: "****************")))),
            at(300, .incrementalSnapshot(.mouseInteraction(MouseInteraction(type: .click, id: 10, x: 5, y: 5, pointerType: 0)))),
            at(310, .plugin(PluginEvent(plugin: PluginEvent.networkPlugin, payload: .network(NetworkCapture(requests: [
                NetworkRequest(name: "https://shop.example/api/pay", method: "post", initiatorType: "fetch", status: 402, startTime: 10, endTime: 52,
                    requestHeaders: ["Content-Type": "application/json"], requestBody: .string(#"{"card":"****"}"#), responseHeaders: ["x-id": "1"], responseBody: ["error": "declined"]),
                NetworkRequest(name: "https://cdn.example/x.js", status: 0, extra: ["failed": true]),
            ]))))),
            at(320, .plugin(PluginEvent(plugin: PluginEvent.consolePlugin, payload: .console(ConsoleLog(level: "error", payload: [#""payment failed""#, "402"], trace: ["app.js:120:14"]))))),
            at(320, .custom(CustomEvent(tag: "error", payload: ["type": "TypeError", "message": "Cannot read properties of undefined (reading 'id')", "frames": [["file": "app.js", "line": 120, "column": 14, "function": "pay"]], "handled": false]))),
            at(330, .custom(CustomEvent(tag: "unhandledrejection", payload: ["reason": "timeout"]))),
            at(340, .incrementalSnapshot(.mutation(Mutation(texts: [TextChange(id: 13, value: "Declined")])))),
            at(350, .custom(CustomEvent(tag: "redux", payload: ["action": ["type": "cart/checkoutFailed", "items": 2], "state": ["items": 2]]))),
            at(360, .custom(CustomEvent(tag: "identify", payload: ["userId": "u-42"]))),
            at(370, .custom(CustomEvent(tag: "breadcrumb", payload: ["category": "ui.click"]))),
            at(20_370, .incrementalSnapshot(.mouseInteraction(MouseInteraction(type: .click, id: 12, x: 1, y: 1)))),
            at(20_400, .incrementalSnapshot(.mouseInteraction(MouseInteraction(type: .click, id: 14, x: 1, y: 1)))),
        ]
    }
}

@Suite("Timeline")
struct TimelineTests {
    let timeline = Timeline(session: ReplaySession(events: ShopSession.events()))

    @Test func pageHasURLViewportAndTitle() {
        let pages = timeline.entries(.page)
        #expect(pages.count == 1)
        #expect(pages.first?["url"] == "https://shop.example/cart")
        #expect(pages.first?["title"] == "Cart")
        #expect(pages.first?["viewport"] == ["width": 1280, "height": 800])
    }

    @Test func inputsKeepTheFinalValueAndSayWhetherItWasMasked() {
        let inputs = timeline.entries(.input)
        #expect(inputs.map { $0["target"] } == ["input#email", "body > main > input:nth-of-type(2)"])
        #expect(inputs.map { $0["value"] } == ["ab@x.io", "****************"])
        #expect(inputs.map { $0["masked"] } == [false, true])
        #expect(inputs.first?.time == 150, "an input entry sits at its last Input event")
    }

    @Test func clicksNameAStableSelectorAndTheText() {
        let clicks = timeline.entries(.click)
        #expect(clicks.map { $0["target"] } == ["button#pay", "body > main > p.status:nth-of-type(1)", "body > main > p.status:nth-of-type(2)"])
        #expect(clicks.first?["text"] == "Pay now")
        #expect(clicks[1]["text"] == "Declined", "the text at the time of the click")
    }

    @Test func errorsConsoleAndNetwork() {
        let errors = timeline.entries(.error)
        #expect(errors.map { $0["type"] } == ["TypeError", "UnhandledRejection"])
        #expect(errors.first?["frames"] == [["file": "app.js", "line": 120, "column": 14, "function": "pay"]])
        let console = timeline.entries(.console)
        #expect(console.first?["message"] == "payment failed 402")
        #expect(console.first?["trace"] == ["app.js:120:14"])
        let network = timeline.entries(.network)
        #expect(network.map { $0["method"] } == ["POST", "GET"])
        #expect(network.map { $0["status"] } == [402, 0])
        #expect(network.map { $0["failed"] } == [false, true])
        #expect(network.first?["requestBodySize"] == 15)
        #expect(network.first?["responseBodySize"] == 20)
        #expect(network.first?["duration"] == 42)
        #expect(network.first?["requestHeaders"] == ["Content-Type": "application/json"])
    }

    @Test func customReduxIdentifyAndIdle() {
        #expect(timeline.entries(.redux).first?["action"] == "cart/checkoutFailed")
        #expect(timeline.entries(.identify).first?["userId"] == "u-42")
        #expect(timeline.entries(.custom).map { $0["tag"] } == ["breadcrumb"])
        let idle = timeline.entries(.idle)
        #expect(idle.count == 1)
        #expect(idle.first?["from"] == 300)
        #expect(idle.first?["duration"] == 20_070)
    }

    @Test func canonicalJSONIsSortedPrettyAndEndsWithANewline() throws {
        let bytes = timeline.canonicalBytes()
        #expect(bytes.last == 0x0A)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"duration\": 20400,\n  \"entries\": [\n"))
        #expect(try JSONReader.parse(bytes) == timeline.jsonValue)
        #expect(Timeline(session: ReplaySession(events: ShopSession.events())).canonicalBytes() == bytes)
    }

    @Test("conformance recordings give sensible timelines", .enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
    func conformanceTimelines() throws {
        let clicks = Timeline(session: try conformanceSession("rrweb-rec-clicks.json")).entries(.click)
        #expect(clicks.count == 3)
        #expect(!clicks.contains { ($0["target"]?.stringValue ?? "").hasPrefix("unknown") })
        #expect(clicks.map { $0["pointer"] } == ["mouse", "touch", "mouse"])

        let console = Timeline(session: try conformanceSession("rrweb-rec-console.json")).entries(.console)
        #expect(console.count == 19)
        #expect(console.first?["level"] == "assert")
        #expect(console.first?["message"] == "should log assert")

        let masked = Timeline(session: try conformanceSession("rrweb-rec-mask-all-inputs.json")).entries(.input)
        #expect(!masked.isEmpty)
        #expect(masked.filter { $0["checked"] == nil }.allSatisfy { $0["masked"] == true || $0["value"] == "" })

        let custom = Timeline(session: try conformanceSession("rrweb-rec-custom-events.json")).entries(.custom)
        #expect(custom.count == 2)

        let player = Timeline(session: try conformanceSession("rrweb-player-demo-2018.json"))
        #expect(player.findings.isEmpty)
        #expect(player.entries(.page).count == 1)
    }
}

@Suite("Timeline of several windows", .enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
struct WindowTimelineTests {
    @Test func posthogWindowsMergeInTimeOrder() throws {
        let one = try conformanceSession("posthog-nextjs-window1.json")
        let two = try conformanceSession("posthog-nextjs-window2.json")
        let merged = Timeline(windows: [("window1", one), ("window2", two)])
        let single = Timeline(session: one).entries.count + Timeline(session: two).entries.count
        #expect(merged.entries.count == single)
        #expect(merged.entries.map(\.time) == merged.entries.map(\.time).sorted())
        #expect(Set(merged.entries.compactMap { $0["window"]?.stringValue }) == ["window1", "window2"])
        #expect(merged.findings.isEmpty)
    }
}
