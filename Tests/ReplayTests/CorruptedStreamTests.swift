import Replay
import SessionModel
import Testing
import _TestSupport

/// Broken streams (lost events, ids pointing anywhere) never crash or hang, and seeking still equals playing.
@Suite("Corrupted streams")
struct CorruptedStreamTests {
    static func corrupt(_ events: [Event], seed: UInt64) -> [Event] {
        var random = SplitMix64(seed: seed)
        var result: [Event] = []
        for var event in events {
            if random.chance(0.05) { continue }  // a lost event
            if case .incrementalSnapshot(.mutation(var mutation)) = event.data, random.chance(0.4) {
                func anyId() -> Int { random.int(in: -1...400) }
                for index in mutation.adds.indices where random.chance(0.3) {
                    switch random.int(in: 0...3) {
                    case 0: mutation.adds[index].parentId = anyId()
                    case 1: mutation.adds[index].nextId = .some(anyId())
                    case 2: mutation.adds[index].node.id = anyId()
                    default: mutation.adds[index].previousId = .some(random.chance(0.5) ? -1 : anyId())
                    }
                }
                for index in mutation.removes.indices where random.chance(0.3) {
                    if random.chance(0.5) { mutation.removes[index].id = anyId() } else { mutation.removes[index].parentId = anyId() }
                }
                for index in mutation.texts.indices where random.chance(0.3) { mutation.texts[index].id = anyId() }
                for index in mutation.attributes.indices where random.chance(0.3) { mutation.attributes[index].id = anyId() }
                event.data = .incrementalSnapshot(.mutation(mutation))
            }
            result.append(event)
        }
        return result
    }

    @Test("50 corrupted generated sessions")
    func corruptedSessions() {
        var failures: [String] = []
        var findingCount = 0
        for seed in UInt64(1)...50 {
            var generator = RRWebStreamGenerator(seed: seed &+ 1000)
            let session = ReplaySession(events: Self.corrupt(generator.events(count: 150), seed: seed))
            failures += SeekEqualsPlayTests.check(session, seed: seed).map { "seed \(seed) " + $0 }
            findingCount += session.finalState().findings.count
        }
        #expect(failures.isEmpty, "\(failures.prefix(1).joined())")
        #expect(findingCount > 50, "corruption should be reported as findings")
    }

    @Test func aNodeAddedUnderItsOwnChildIsRefused() {
        let document = SerializedNode.document(id: 1, childNodes: [
            .element(id: 2, tagName: "html", childNodes: [.element(id: 3, tagName: "body", childNodes: [.element(id: 4, tagName: "div", childNodes: [.element(id: 5, tagName: "p")])])]),
        ])
        let events = [
            Event(timestamp: 1, data: .fullSnapshot(FullSnapshot(node: document))),
            // Same meta as the existing node 4, so the replayer reuses it, then tries to put it inside its child 5.
            Event(timestamp: 2, data: .incrementalSnapshot(.mutation(Mutation(adds: [AddedNode(parentId: 5, nextId: nil, node: .element(id: 4, tagName: "div"))])))),
        ]
        let dom = ReplaySession(events: events).finalState()
        #expect(dom.html() == "<html>\n  <body>\n    <div>\n      <p></p>\n    </div>\n  </body>\n</html>\n")
        #expect(dom.findings.map(\.description) == ["event 1: added node 4 dropped: its parent 5 lies inside it"])
    }
}
