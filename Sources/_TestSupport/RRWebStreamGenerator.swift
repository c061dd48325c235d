import SessionModel

/// Generates seeded, valid rrweb recordings: a snapshot and then random mutations, inputs, pointer events and re-snapshots.
///
/// Every mutation only names nodes that exist when the replayer reaches it, so
/// a correct reconstructor reports no finding. Batches exercise the replayer's
/// hard parts: adds whose `nextId` names a node added later in the same
/// batch, moves (remove + re-add with the same ids, the subtree re-sent),
/// texts set twice (last wins), `null` attributes, style diffs, shadow-root
/// adds, equal timestamps, checkouts that keep ids and navigations that
/// restart them. With `everyKind`, the stream also holds every other kind the
/// replayer applies: style-sheet rules (nested index paths included) and
/// declarations on an adopted sheet, re-adoption after each snapshot, media
/// interactions, canvas mutations, selections and custom elements; without it
/// the stream is the same as it always was (the benchmark's generated file
/// depends on that). For JSON throughput, whose event mix should look like
/// real sessions', use `ThroughputStreamGenerator`.
///
/// ```swift
/// var generator = RRWebStreamGenerator(seed: 7, everyKind: true)
/// let events = generator.events(count: 200)
/// ```
package struct RRWebStreamGenerator {
    private struct Node {
        var id: Int
        var tag: String?  // nil for text
        var text = ""
        var attributes = JSONObject()
        var parent: Int
        var shadow = false
        var children: [Int] = []
        var shadowChildren: [Int] = []
    }

    private var random: SplitMix64
    private var nodes: [Int: Node] = [:]
    private var nextId = 1
    private var documentId = 1
    private var bodyId = 0
    private var headId = 0
    private var time: Int64 = 1_700_000_000_000
    private var page = 0
    private var started = false
    private let everyKind: Bool
    /// The adopted sheet (styleId 1) as the replayer should hold it: nil for a style rule, a child count for an `@media` group.
    private var sheetRules: [Int?] = []
    private var videoId = 0
    private var canvasId = 0

    private static let tags = ["div", "p", "span", "section", "ul", "li", "a", "button", "input", "b", "i", "label", "textarea"]
    private static let words = ["cart", "pay", "total", "help", "Lorem", "ipsum", "dolor", "sit", "amet", "checkout", "€12.50", "<b>", "a & b", "  spaced  ", "line\nbreak"]
    private static let styleProperties = ["color", "width", "margin-left", "display", "background"]

    package init(seed: UInt64, everyKind: Bool = false) {
        random = SplitMix64(seed: seed)
        self.everyKind = everyKind
    }

    /// The next `count` events (at least; a step may emit a Meta+FullSnapshot pair).
    package mutating func events(count: Int) -> [Event] {
        var result: [Event] = []
        result.reserveCapacity(count + 2)
        while result.count < count { result += step() }
        return result
    }

    /// One step of the recording: the initial Meta+FullSnapshot, then one event (or a checkout pair).
    package mutating func step() -> [Event] {
        if !started {
            started = true
            return startPage()
        }
        advanceClock()
        let roll = random.int(in: 0...999)
        switch roll {
        case 0..<4: return startPage()  // a navigation: ids restart
        case 4..<12: return checkout()  // same ids
        case 12..<520: return [event(.incrementalSnapshot(.mutation(mutation())))]
        case 520..<640: return [event(.incrementalSnapshot(.input(input())))]
        case 640..<760: return [mouseMove()]
        case 760..<860: return [click()]
        case 860..<930: return [event(.incrementalSnapshot(.scroll(Scroll(id: randomElement() ?? documentId, x: 0, y: Double(random.int(in: 0...4000))))))]
        case 930..<950: return [event(.incrementalSnapshot(.viewportResize(ViewportResize(width: Double(random.int(in: 320...1920)), height: Double(random.int(in: 240...1080))))))]
        case 950..<993 where everyKind: return rareKind(roll)
        default: return [event(.custom(CustomEvent(tag: "note", payload: ["n": .integer(Int64(random.int(in: 0...99)))])))]
        }
    }

    // MARK: - Pages and snapshots

    private mutating func startPage() -> [Event] {
        page += 1
        nodes = [:]
        nextId = 1
        documentId = newId()
        nodes[documentId] = Node(id: documentId, tag: "#document", parent: -1)
        let html = addModelNode(tag: "html", parent: documentId)
        headId = addModelNode(tag: "head", parent: html)
        bodyId = addModelNode(tag: "body", parent: html)
        let title = addModelNode(tag: "title", parent: headId)
        _ = addModelText("Page \(page)", parent: title)
        for _ in 0..<random.int(in: 3...12) {
            let parent = randomElement(allowHead: false) ?? bodyId
            let tag = random.pick(Self.tags)
            let element = addModelNode(tag: tag, parent: parent)
            if random.chance(0.6) { _ = addModelText(random.pick(Self.words), parent: element) }
        }
        if everyKind {
            videoId = addModelNode(tag: "video", parent: bodyId)
            canvasId = addModelNode(tag: "canvas", parent: bodyId)
        }
        return snapshotPair()
    }

    private mutating func checkout() -> [Event] {
        snapshotPair()
    }

    private mutating func snapshotPair() -> [Event] {
        let meta = event(.meta(Meta(href: "https://shop.example/page\(page)", width: 1280, height: 800)))
        let snapshot = event(.fullSnapshot(FullSnapshot(node: serialize(documentId, withChildren: true), initialOffset: ScrollOffset(top: 0, left: 0))))
        guard everyKind else { return [meta, snapshot] }
        // As rrweb's recorder does after a snapshot: the adopted sheet again, with its rules.
        let rules: [JSONValue] = sheetRules.enumerated().map { index, group in
            let text = group.map { count in "@media all { " + String(repeating: ".c { top: 0; } ", count: count) + "}" } ?? ".r\(index) { color: red; }"
            return ["rule": .string(text), "index": .integer(Int64(index))]
        }
        let adopted = other(.adoptedStyleSheet, ["id": .integer(Int64(documentId)), "styleIds": [1], "styles": [["styleId": 1, "rules": .array(rules)]]])
        return [meta, snapshot, adopted]
    }

    // MARK: - The rarer kinds

    private mutating func rareKind(_ roll: Int) -> [Event] {
        switch roll {
        case 950..<962: return [styleSheetRule()]
        case 962..<970: return [styleDeclaration()]
        case 970..<973: return [other(.adoptedStyleSheet, ["id": .integer(Int64(documentId)), "styleIds": [1]])]
        case 973..<980 where isAttached(videoId):
            let media = MediaInteraction(type: random.int(in: 0...4), id: videoId, currentTime: Double(random.int(in: 0...600)) / 4, playbackRate: random.chance(0.3) ? 2 : nil)
            return [event(.incrementalSnapshot(.mediaInteraction(media)))]
        case 980..<986:
            let start = randomElement() ?? bodyId
            let end = randomElement() ?? bodyId
            return [event(.incrementalSnapshot(.selection(Selection(ranges: [SelectionRange(start: start, startOffset: 0, end: end, endOffset: random.int(in: 0...3))]))))]
        case 986..<990 where isAttached(canvasId):
            let command: JSONObject = ["property": .string(random.pick(["fillRect", "clearRect", "strokeRect"])), "args": [0, 0, .integer(Int64(random.int(in: 1...99))), 10]]
            return [other(.canvasMutation, ["id": .integer(Int64(canvasId)), "type": 0, "commands": [.object(command)]])]
        case 990..<993: return [other(.customElement, ["define": ["name": .string(random.pick(["x-cart", "x-price", "x-menu"]))]])]
        default: return [event(.custom(CustomEvent(tag: "note", payload: ["n": 0])))]
        }
    }

    /// An insert or delete on the adopted sheet, at a top-level index or inside an `@media` group, always valid.
    private mutating func styleSheetRule() -> Event {
        let groups = sheetRules.indices.filter { sheetRules[$0] != nil }
        var data: JSONObject = ["styleId": 1]
        switch random.int(in: 0...3) {
        case 0 where !sheetRules.isEmpty:
            let index = random.int(in: 0...(sheetRules.count - 1))
            sheetRules.remove(at: index)
            data["removes"] = [["index": .integer(Int64(index))]]
        case 1 where !groups.isEmpty:
            let group = random.pick(groups)
            let position = random.int(in: 0...sheetRules[group]!)
            sheetRules[group]! += 1
            data["adds"] = [["rule": ".c { top: 0; }", "index": [.integer(Int64(group)), .integer(Int64(position))]]]
        case 2 where groups.contains { sheetRules[$0]! > 0 }:
            let group = random.pick(groups.filter { sheetRules[$0]! > 0 })
            let position = random.int(in: 0...(sheetRules[group]! - 1))
            sheetRules[group]! -= 1
            data["removes"] = [["index": [.integer(Int64(group)), .integer(Int64(position))]]]
        default:
            let index = random.int(in: 0...sheetRules.count)
            let isGroup = random.chance(0.3)
            sheetRules.insert(isGroup ? 0 : nil, at: index)
            data["adds"] = [["rule": .string(isGroup ? "@media all { }" : ".r { color: red; }"), "index": .integer(Int64(index))]]
        }
        return other(.styleSheetRule, data)
    }

    /// A property set or removed on a style rule of the adopted sheet (a custom event when it has none).
    private mutating func styleDeclaration() -> Event {
        var paths: [[Int]] = []
        for (index, group) in sheetRules.enumerated() {
            if let group { paths += (0..<group).map { [index, $0] } } else { paths.append([index]) }
        }
        guard !paths.isEmpty else { return event(.custom(CustomEvent(tag: "note", payload: ["n": 1]))) }
        let path = random.pick(paths)
        var data: JSONObject = ["styleId": 1, "index": .array(path.map { .integer(Int64($0)) })]
        let property = random.pick(Self.styleProperties)
        if random.chance(0.7) {
            data["set"] = ["property": .string(property), "value": .string("\(random.int(in: 0...99))px")]
        } else {
            data["remove"] = ["property": .string(property)]
        }
        return other(.styleDeclaration, data)
    }

    private mutating func other(_ source: IncrementalSource, _ data: JSONObject) -> Event {
        if source == .styleSheetRule {
            return event(.incrementalSnapshot(.styleSheetRule(try! StyleSheetRule(json: .object(data)))))
        }
        return event(.incrementalSnapshot(.other(source: source, data: data)))
    }

    private func isAttached(_ id: Int) -> Bool {
        id > 0 && nodes[id] != nil && isInSubtree(id, of: documentId)
    }

    private func serialize(_ id: Int, withChildren: Bool) -> SerializedNode {
        let node = nodes[id]!
        if node.tag == "#document" {
            return SerializedNode.document(id: id, childNodes: withChildren ? node.children.map { serialize($0, withChildren: true) } : [])
        }
        var serialized: SerializedNode
        if let tag = node.tag {
            serialized = SerializedNode.element(id: id, tagName: tag, attributes: node.attributes)
            if withChildren {
                serialized.childNodes = node.children.map { serialize($0, withChildren: true) } + node.shadowChildren.map { serialize($0, withChildren: true) }
            }
            if !node.shadowChildren.isEmpty { serialized.isShadowHost = true }
        } else {
            serialized = SerializedNode.text(id: id, node.text)
        }
        if node.shadow { serialized.isShadow = true }
        return serialized
    }

    // MARK: - Mutations

    private mutating func mutation() -> Mutation {
        var removes: [RemovedNode] = []
        var adds: [AddedNode] = []
        var texts: [TextChange] = []
        var attributes: [AttributeChange] = []
        var touched = Set<Int>()

        // Removes: whole subtrees, never the document skeleton.
        for _ in 0..<random.int(in: 0...2) where random.chance(0.5) {
            guard let id = randomRemovable() else { break }
            let node = nodes[id]!
            removes.append(RemovedNode(parentId: node.parent, id: id, isShadow: node.shadow ? true : nil))
            detachModel(id)
            forgetSubtree(id)
        }
        // Moves: remove, then re-add the node and its subtree with the same ids.
        if random.chance(0.25), let id = randomRemovable() {
            let node = nodes[id]!
            let candidates = elementIds().filter { candidate in
                !isInSubtree(candidate, of: id) && !["#document", "html", "input", "textarea", "title"].contains(nodes[candidate]!.tag!)
            }
            if let target = candidates.isEmpty ? nil : random.pick(candidates) {
                removes.append(RemovedNode(parentId: node.parent, id: id, isShadow: node.shadow ? true : nil))
                detachModel(id)
                let nextId = random.chance(0.5) ? nodes[target]!.children.last : nil
                attachModel(id, parent: target, before: nextId, shadow: false)
                adds.append(AddedNode(parentId: target, nextId: nextId, node: serialize(id, withChildren: false)))
                adds += reAddDescendants(of: id)
                touched.insert(id)
            }
        }
        // Fresh adds, sometimes a little tree whose first child names its later sibling as nextId.
        for _ in 0..<random.int(in: 0...3) {
            guard let parent = randomElement(allowHead: false) else { break }
            let shadow = random.chance(0.1) && nodes[parent]!.tag != "textarea"
            let siblings = shadow ? nodes[parent]!.shadowChildren : nodes[parent]!.children
            let before: Int? = (!siblings.isEmpty && random.chance(0.4)) ? random.pick(siblings) : nil
            let tag = random.pick(Self.tags)
            let id = newId()
            nodes[id] = Node(id: id, tag: tag, attributes: randomAttributes(), parent: -1)
            attachModel(id, parent: parent, before: before, shadow: shadow)
            var added = serialize(id, withChildren: false)
            if shadow { added.isShadow = true }
            adds.append(AddedNode(parentId: parent, nextId: before, node: added))
            touched.insert(id)
            if random.chance(0.5), tag != "input", tag != "textarea" {
                // Child A with nextId pointing at child B, which is listed after it.
                let a = newId()
                let b = newId()
                nodes[a] = Node(id: a, tag: "span", parent: -1)
                nodes[b] = Node(id: b, text: random.pick(Self.words), parent: -1)
                attachModel(b, parent: id, before: nil, shadow: false)
                attachModel(a, parent: id, before: b, shadow: false)
                adds.append(AddedNode(parentId: id, nextId: b, node: serialize(a, withChildren: false)))
                adds.append(AddedNode(parentId: id, nextId: nil, node: serialize(b, withChildren: false)))
                touched.formUnion([a, b])
            }
        }
        // Texts, sometimes the same node twice (the last value wins).
        let textIds = nodes.keys.filter { nodes[$0]!.tag == nil && !touched.contains($0) }.sorted()
        if !textIds.isEmpty {
            for _ in 0..<random.int(in: 0...2) {
                let id = random.pick(textIds)
                let value = random.pick(Self.words)
                nodes[id]!.text = value
                texts.append(TextChange(id: id, value: value))
            }
        }
        // Attributes: set, remove (null) and style diffs.
        let elements = elementIds().filter { !touched.contains($0) && nodes[$0]!.tag != "#document" }
        if !elements.isEmpty {
            for _ in 0..<random.int(in: 0...2) {
                let id = random.pick(elements)
                var change = JSONObject()
                switch random.int(in: 0...3) {
                case 0: change["class"] = .string(random.pick(["active", "hidden", "a b", ""]))
                case 1: change["data-state"] = nodes[id]!.attributes.contains("data-state") ? .null : .string("on")
                case 2: change["title"] = .null
                default:
                    var diff = JSONObject()
                    let property = random.pick(Self.styleProperties)
                    switch random.int(in: 0...2) {
                    case 0: diff[property] = .string("\(random.int(in: 0...99))px")
                    case 1: diff[property] = .array(["red", "important"])
                    default: diff[property] = .bool(false)
                    }
                    change["style"] = .object(diff)
                }
                attributes.append(AttributeChange(id: id, attributes: change))
            }
        }
        return Mutation(texts: texts, attributes: attributes, removes: removes, adds: adds)
    }

    private func reAddDescendants(of id: Int) -> [AddedNode] {
        var result: [AddedNode] = []
        let node = nodes[id]!
        for child in node.children {
            result.append(AddedNode(parentId: id, nextId: nil, node: serialize(child, withChildren: false)))
            result += reAddDescendants(of: child)
        }
        for child in node.shadowChildren {
            var added = serialize(child, withChildren: false)
            added.isShadow = true
            result.append(AddedNode(parentId: id, nextId: nil, node: added))
            result += reAddDescendants(of: child)
        }
        return result
    }

    private mutating func randomAttributes() -> JSONObject {
        var attributes = JSONObject()
        if random.chance(0.3) { attributes["id"] = .string("n\(nextId)") }
        if random.chance(0.3) { attributes["class"] = .string(random.pick(["btn", "card", "row col", "rr-mask"])) }
        if random.chance(0.2) { attributes["style"] = .string("color: blue; margin-left: 4px;") }
        return attributes
    }

    // MARK: - Other events

    private mutating func input() -> Input {
        let inputs = nodes.values.filter { $0.tag == "input" || $0.tag == "textarea" }.map(\.id).sorted()
        let id = inputs.isEmpty ? -1 : random.pick(inputs)
        let text = String(repeating: random.chance(0.3) ? "*" : "x", count: random.int(in: 0...12))
        return Input(id: id, text: text, isChecked: random.chance(0.1))
    }

    private mutating func mouseMove() -> Event {
        let positions = (0..<random.int(in: 1...5)).map { index in
            MousePosition(x: Double(random.int(in: 0...1280)), y: Double(random.int(in: 0...800)), id: randomElement() ?? -1, timeOffset: Double(-50 * (5 - index)))
        }
        return event(.incrementalSnapshot(.mouseMove(MouseMove(positions: positions))))
    }

    private mutating func click() -> Event {
        event(.incrementalSnapshot(.mouseInteraction(MouseInteraction(type: .click, id: randomElement() ?? -1, x: 10, y: 20))))
    }

    private mutating func event(_ data: EventData) -> Event {
        Event(timestamp: time, data: data)
    }

    private mutating func advanceClock() {
        if random.chance(0.15) { return }  // equal timestamps keep array order
        time += Int64(random.int(in: 1...400))
        if random.chance(0.01) { time += 15_000 }  // an idle gap
    }

    // MARK: - The model

    private mutating func newId() -> Int {
        defer { nextId += 1 }
        return nextId
    }

    private mutating func addModelNode(tag: String, parent: Int) -> Int {
        let id = newId()
        nodes[id] = Node(id: id, tag: tag, parent: -1)
        attachModel(id, parent: parent, before: nil, shadow: false)
        return id
    }

    private mutating func addModelText(_ text: String, parent: Int) -> Int {
        let id = newId()
        nodes[id] = Node(id: id, text: text, parent: -1)
        attachModel(id, parent: parent, before: nil, shadow: false)
        return id
    }

    private mutating func attachModel(_ id: Int, parent: Int, before: Int?, shadow: Bool) {
        nodes[id]!.parent = parent
        nodes[id]!.shadow = shadow
        if shadow {
            let index = before.flatMap { nodes[parent]!.shadowChildren.firstIndex(of: $0) } ?? nodes[parent]!.shadowChildren.count
            nodes[parent]!.shadowChildren.insert(id, at: index)
        } else {
            let index = before.flatMap { nodes[parent]!.children.firstIndex(of: $0) } ?? nodes[parent]!.children.count
            nodes[parent]!.children.insert(id, at: index)
        }
    }

    private mutating func detachModel(_ id: Int) {
        let parent = nodes[id]!.parent
        nodes[parent]!.children.removeAll { $0 == id }
        nodes[parent]!.shadowChildren.removeAll { $0 == id }
        nodes[id]!.parent = -1
    }

    private mutating func forgetSubtree(_ id: Int) {
        guard let node = nodes.removeValue(forKey: id) else { return }
        for child in node.children + node.shadowChildren { forgetSubtree(child) }
    }

    private func isInSubtree(_ candidate: Int, of root: Int) -> Bool {
        var current = candidate
        while current > 0 {
            if current == root { return true }
            current = nodes[current]?.parent ?? -1
        }
        return false
    }

    private func elementIds() -> [Int] {
        nodes.values.filter { $0.tag != nil && $0.tag != "#document" }.map(\.id).sorted()
    }

    private mutating func randomElement(allowHead: Bool = true) -> Int? {
        let ids = elementIds().filter { id in
            let tag = nodes[id]!.tag!
            return tag != "html" && tag != "title" && tag != "input" && tag != "textarea" && (allowHead || tag != "head")
                && (allowHead || !isInSubtree(id, of: headId))
        }
        return ids.isEmpty ? nil : random.pick(ids)
    }

    private mutating func randomRemovable() -> Int? {
        let ids = nodes.keys.filter { id in
            guard let node = nodes[id], node.parent > 0 else { return false }
            return node.tag == nil || !["html", "head", "body", "#document", "title"].contains(node.tag!)
        }.sorted()
        let body = ids.filter { isInSubtree($0, of: bodyId) }
        return body.isEmpty ? nil : random.pick(body)
    }
}
