import SessionModel

/// Builds a large, realistic rrweb recording from a seed, for throughput measurements.
///
/// The mix follows what real sessions hold: one big full snapshot, then mostly
/// mouse moves and interactions, inputs, DOM mutations (adds, removes, texts,
/// attribute and style changes), console and network plugin events and custom
/// events, with strings that need escaping and non-ASCII text. Its mutations
/// follow no DOM model (a remove names a random parent); for streams a correct
/// replayer reads without a finding, use `RRWebStreamGenerator`.
///
/// ```swift
/// var generator = ThroughputStreamGenerator(seed: 42)
/// let events = generator.events(targetBytes: 100_000_000)
/// ```
package struct ThroughputStreamGenerator {
    private var random: SplitMix64
    private var clock: Int64 = 1_700_000_000_000
    private var nextId = 1
    private var liveIds: [Int] = []

    package init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// Events whose canonical JSON is at least `targetBytes` long.
    package mutating func events(targetBytes: Int) -> [Event] {
        var events: [Event] = [
            Event(timestamp: tick(), data: .meta(Meta(href: "https://shop.example/checkout?step=2", width: 1280, height: 800))),
            Event(timestamp: tick(), data: .fullSnapshot(FullSnapshot(node: document()))),
        ]
        var size = events.reduce(0) { $0 + $1.canonicalBytes.count + 1 }
        while size < targetBytes {
            let event = nextEvent()
            size += event.canonicalBytes.count + 1
            events.append(event)
        }
        return events
    }

    private mutating func tick() -> Int64 {
        clock += Int64(random.int(in: 0...39))
        return clock
    }

    private mutating func newId() -> Int {
        defer { nextId += 1 }
        return nextId
    }

    private mutating func document() -> SerializedNode {
        let documentId = newId()
        let html = newId()
        var sections: [SerializedNode] = []
        for section in 0..<400 {
            let text = SerializedNode.text(id: newId(), "Produit n°\(section): \"Café\" — 12,50 € <b>&</b>\n")
            let input = SerializedNode.element(id: newId(), tagName: "input", attributes: ["type": "text", "name": .string("field\(section)"), "value": ""])
            let element = SerializedNode.element(
                id: newId(), tagName: "div",
                attributes: ["class": .string("row item-\(section % 7)"), "style": "margin: 0 auto; color: #333", "data-id": .string("\(section)")],
                childNodes: [text, input])
            sections.append(element)
        }
        liveIds = Array(3..<nextId)
        let body = SerializedNode.element(id: newId(), tagName: "body", childNodes: sections)
        let head = SerializedNode.element(id: newId(), tagName: "head", childNodes: [
            .element(id: newId(), tagName: "style", attributes: ["_cssText": ".row { display: flex; } .item-1:hover { color: red; }"]),
        ])
        return .document(id: documentId, childNodes: [
            SerializedNode(type: .documentType, id: newId(), name: "html", publicId: "", systemId: ""),
            .element(id: html, tagName: "html", attributes: ["lang": "fr"], childNodes: [head, body]),
        ])
    }

    private mutating func someLiveId() -> Int {
        random.pick(liveIds)
    }

    private mutating func nextEvent() -> Event {
        let roll = random.int(in: 0...99)
        let time = tick()
        switch roll {
        case 0..<40:
            var positions: [MousePosition] = []
            for step in 0..<10 {
                positions.append(MousePosition(
                    x: Double(random.int(in: 0...1279)), y: Double(random.int(in: 0...799)) + 0.5,
                    id: someLiveId(), timeOffset: Double(-500 + step * 50)))
            }
            return Event(timestamp: time, data: .incrementalSnapshot(.mouseMove(MouseMove(positions: positions))))
        case 40..<55:
            return Event(timestamp: time, data: .incrementalSnapshot(.mouseInteraction(MouseInteraction(
                type: MouseInteractionType(rawValue: random.int(in: 0...6)), id: someLiveId(),
                x: Double(random.int(in: 0...1279)), y: Double(random.int(in: 0...799)), pointerType: 0))))
        case 55..<70:
            let length = random.int(in: 1...24)
            return Event(timestamp: time, data: .incrementalSnapshot(.input(Input(
                id: someLiveId(), text: String(repeating: "*", count: length), isChecked: false, userTriggered: true))))
        case 70..<85:
            return Event(timestamp: time, data: .incrementalSnapshot(.mutation(mutation())))
        case 85..<91:
            return Event(timestamp: time, data: .plugin(PluginEvent(plugin: PluginEvent.consolePlugin, payload: .console(ConsoleLog(
                level: random.pick(["log", "info", "warn", "error"]),
                payload: [#""Cart updated""#, #"{"items":3,"total":"37.50 €"}"#],
                trace: ["https://shop.example/static/app.js:120:14", "https://shop.example/static/vendor.js:8812:3"])))))
        case 91..<96:
            let request = NetworkRequest(
                name: "https://api.shop.example/v1/cart/\(random.int(in: 0...9_999))", method: "POST", initiatorType: "fetch",
                status: 200, startTime: Double(random.int(in: 0...99_999)), endTime: nil, duration: Double(random.int(in: 0...899)),
                requestHeaders: ["content-type": "application/json", "authorization": "[REDACTED]"],
                requestBody: .string(#"{"sku":"A-1","qty":2}"#), responseHeaders: ["content-type": "application/json"],
                responseBody: .string(#"{"ok":true,"items":[{"sku":"A-1","qty":2,"price":1250}]}"#))
            return Event(timestamp: time, data: .plugin(PluginEvent(plugin: PluginEvent.networkPlugin, payload: .network(NetworkCapture(requests: [request])))))
        default:
            return Event(timestamp: time, data: .custom(CustomPayload.reduxAction(
                action: ["type": "cart/add", "sku": "A-1"],
                state: ["items": [["sku": "A-1", "qty": 2]], "total": 25.0, "currency": "EUR"]).customEvent))
        }
    }

    private mutating func mutation() -> Mutation {
        var mutation = Mutation()
        let parent = someLiveId()
        let element = newId()
        let text = newId()
        mutation.adds = [
            AddedNode(parentId: parent, nextId: nil, node: .element(id: element, tagName: "span", attributes: ["class": "toast"])),
            AddedNode(parentId: element, nextId: nil, node: .text(id: text, "Ajouté au panier ✓")),
        ]
        liveIds.append(contentsOf: [element, text])
        mutation.texts = [TextChange(id: someLiveId(), value: "Total: \(random.int(in: 0...499)),00 €")]
        mutation.attributes = [
            AttributeChange(id: someLiveId(), attributes: ["class": "row selected", "aria-busy": nil]),
            AttributeChange(id: someLiveId(), attributes: ["style": ["color": "red", "margin-left": ["4px", "important"], "display": false]]),
        ]
        if liveIds.count > 3000 {
            let removed = liveIds.removeLast()
            mutation.removes = [RemovedNode(parentId: parent, id: removed)]
        }
        return mutation
    }
}
