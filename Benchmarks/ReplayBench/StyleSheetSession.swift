import SessionModel

/// A generated session heavy in style-sheet events, for timing the style-sheet model.
///
/// One snapshot holds 40 `<style>` elements of 60 rules each; then, event by
/// event: rule inserts and deletes at valid indices (45% and 20%),
/// `setProperty` on a rule (25%), a rewrite of a style's text (5%, which
/// resets its sheet) and inserts into one of four adopted sheets (5%).
struct StyleSheetSession {
    private var random: SplitMix64
    private var ruleCounts: [Int] = Array(repeating: 60, count: 40)
    private var adoptedCounts: [Int] = [0, 0, 0, 0]
    private var time: Int64 = 1_700_000_000_000
    private var started = false

    /// Element ids: style k is 10 + 2k, its text 11 + 2k.
    private static func styleId(_ sheet: Int) -> Int { 10 + 2 * sheet }

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    static func css(rules: Int, variant: Int) -> String {
        (0..<rules).map { ".rule-\(variant)-\($0) { color: rgb(\($0 % 255), 10, 20); margin: \($0)px 2px; display: block; }" }.joined(separator: "\n")
    }

    /// The next `count` events (the first call starts with Meta, FullSnapshot and the adopted sheets).
    mutating func events(count: Int) -> [Event] {
        var result: [Event] = []
        if !started {
            started = true
            result += start()
        }
        while result.count < count { result.append(next()) }
        return result
    }

    private mutating func start() -> [Event] {
        let styles = (0..<ruleCounts.count).map { sheet in
            SerializedNode.element(id: Self.styleId(sheet), tagName: "style", childNodes: [.text(id: Self.styleId(sheet) + 1, Self.css(rules: 60, variant: sheet))])
        }
        let document = SerializedNode.document(id: 1, childNodes: [
            .element(id: 2, tagName: "html", childNodes: [.element(id: 3, tagName: "head", childNodes: styles), .element(id: 4, tagName: "body", childNodes: [.element(id: 5, tagName: "p", childNodes: [.text(id: 6, "styled")])])]),
        ])
        let adopted: JSONObject = ["id": 1, "styleIds": [1, 2, 3, 4], "styles": .array((1...4).map { ["styleId": .integer(Int64($0)), "rules": []] })]
        return [
            Event(timestamp: time, data: .meta(Meta(href: "https://styles.example/", width: 1280, height: 800))),
            Event(timestamp: time, data: .fullSnapshot(FullSnapshot(node: document))),
            Event(timestamp: time, data: .incrementalSnapshot(.other(source: .adoptedStyleSheet, data: adopted))),
        ]
    }

    private mutating func next() -> Event {
        time += Int64(random.int(in: 0...30))
        let sheet = random.int(in: 0...(ruleCounts.count - 1))
        let roll = random.int(in: 0...99)
        let data: IncrementalData
        switch roll {
        case 0..<45:
            let index = random.int(in: 0...ruleCounts[sheet])
            ruleCounts[sheet] += 1
            let rule = ".added-\(random.int(in: 0...9999)) { color: red; padding: \(index)px; }"
            data = .styleSheetRule(StyleSheetRule(id: Self.styleId(sheet), adds: [["rule": .string(rule), "index": .integer(Int64(index))]]))
        case 45..<65 where ruleCounts[sheet] > 0:
            let index = random.int(in: 0...(ruleCounts[sheet] - 1))
            ruleCounts[sheet] -= 1
            data = .styleSheetRule(StyleSheetRule(id: Self.styleId(sheet), removes: [["index": .integer(Int64(index))]]))
        case 65..<90 where ruleCounts[sheet] > 0:
            let index = random.int(in: 0...(ruleCounts[sheet] - 1))
            let set: JSONObject = ["property": .string(random.pick(["color", "margin", "width", "opacity"])), "value": .string("\(random.int(in: 0...99))px")]
            data = .other(source: .styleDeclaration, data: ["id": .integer(Int64(Self.styleId(sheet))), "index": [.integer(Int64(index))], "set": .object(set)])
        case 90..<95:
            let rules = random.int(in: 10...60)
            ruleCounts[sheet] = rules
            data = .mutation(Mutation(texts: [TextChange(id: Self.styleId(sheet) + 1, value: Self.css(rules: rules, variant: 100 + sheet))]))
        default:
            let adopted = random.int(in: 0...3)
            let index = random.int(in: 0...adoptedCounts[adopted])
            adoptedCounts[adopted] += 1
            data = .styleSheetRule(StyleSheetRule(styleId: adopted + 1, adds: [["rule": .string(".adopted { top: \(index)px; }"), "index": .integer(Int64(index))]]))
        }
        return Event(timestamp: time, data: .incrementalSnapshot(data))
    }
}
