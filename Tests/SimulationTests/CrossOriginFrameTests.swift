import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("Cross-origin <iframe src> frames: recorded through rrweb's cross-origin mirror when the SDK records them, else an empty iframe")
struct CrossOriginFrameTests {
    static let card = Page("https://pay.widget.example/card", html: #"<!DOCTYPE html><html><head><title>Card</title></head><body><form id="card-form"><input id="number" autocomplete="cc-number"><button id="pay" type="button">Pay</button></form></body></html>"#)
    static let checkout = page("https://shop.example/checkout", #"<input id="email"><iframe id="card-frame" src="https://pay.widget.example/card"></iframe><p id="status"></p>"#)
    static let steps: [StepAction] = [
        .visit(url: checkout.url), .type(target: "#email", text: .literal("jo@example.com")),
        .click(target: "#card-frame #number"), .type(target: "#card-frame #number", text: .literal("4242")), .click(target: "#card-frame #pay"),
        .setText(target: "#status", text: "Paid"),
    ]

    func run(recordingFrames: Bool, kind: SDKProfile.Kind = .posthog, steps: [StepAction] = steps) throws -> Simulation {
        var sdk = SDKProfile(kind: kind)
        sdk.recordsCrossOriginIframes = recordingFrames
        return try simulate(steps, pages: [Self.checkout, Self.card], sdk: sdk)
    }

    func attaches(_ simulation: Simulation) -> [AddedNode] {
        mutations(simulation).filter { $0.isAttachIframe == true }.flatMap(\.adds)
    }

    func preorder(_ node: SerializedNode) -> [SerializedNode] {
        [node] + (node.childNodes ?? []).flatMap(preorder)
    }

    @Test("Off (every family's default): the snapshot has an empty iframe with rr_src, and nothing inside the frame is recorded", arguments: SDKProfile.Kind.allCases)
    func notRecorded(kind: SDKProfile.Kind) throws {
        let simulation = try run(recordingFrames: false, kind: kind)
        let snapshot = try #require(fullSnapshots(simulation).first)
        let iframe = try #require(node(withHTMLId: "card-frame", in: snapshot))
        #expect(iframe.attributes?["rr_src"] == .string(Self.card.url) && iframe.attributes?["src"] == nil)
        #expect(iframe.childNodes?.isEmpty != false)
        #expect(attaches(simulation).isEmpty, "the frame is never attached")
        #expect(inputs(simulation).map(\.text) == ["j", "jo", "jo@", "jo@e", "jo@ex", "jo@exa", "jo@exam", "jo@examp", "jo@exampl", "jo@example", "jo@example.", "jo@example.c", "jo@example.co", "jo@example.com"].map { Optional($0) }, "only the parent's field is recorded")
        let ids = Set(preorder(snapshot).map(\.id))
        for event in allEvents(simulation) {
            if case .incrementalSnapshot(.mouseInteraction(let interaction)) = event.data { #expect(ids.contains(interaction.id)) }
            if case .incrementalSnapshot(.mouseMove(let move)) = event.data { #expect(move.positions.allSatisfy { ids.contains($0.id) }) }
        }
        #expect(mutations(simulation).contains { $0.adds.contains { $0.node.textContent == "Paid" } }, "the parent's own changes are recorded")
    }

    @Test("On: the frame's document is attached under the iframe with ids after the parent's and rootId on its nodes, and events inside carry those ids")
    func recorded() throws {
        let simulation = try run(recordingFrames: true)
        let snapshot = try #require(fullSnapshots(simulation).first)
        let iframe = try #require(node(withHTMLId: "card-frame", in: snapshot))
        #expect(iframe.attributes?["rr_src"] == .string(Self.card.url), "the parent still cannot read the frame")
        let attach = try #require(attaches(simulation).first)
        #expect(attach.parentId == iframe.id && attach.nextSiblingId == nil)
        #expect(attach.node.type == .document)
        let parentMax = try #require(preorder(snapshot).map(\.id).max())
        let frameNodes = preorder(attach.node)
        #expect(frameNodes.map(\.id) == Array(parentMax + 1...parentMax + frameNodes.count), "the parent's genId numbers the frame's nodes in the order the mirror meets them")
        #expect(frameNodes.dropFirst().allSatisfy { $0.rootId == attach.node.id })
        let number = try #require(node(withHTMLId: "number", in: attach.node))
        let typed = inputs(simulation).filter { $0.id == number.id }
        #expect(typed.count == 4, "each keystroke in the frame is an Input on the mirrored id")
        let pay = try #require(node(withHTMLId: "pay", in: attach.node))
        let clicks: [MouseInteraction] = allEvents(simulation).compactMap {
            if case .incrementalSnapshot(.mouseInteraction(let interaction)) = $0.data, interaction.type == .click { return interaction }
            return nil
        }
        #expect(clicks.map(\.id).contains(pay.id))
        #expect(!allEvents(simulation).contains { if case .meta(let meta) = $0.data { return meta.href == Self.card.url }; return false }, "the frame's Meta is dropped")
    }

    @Test("On: the attached tree is the frame's own FullSnapshot with each id mapped by CrossOriginIframeMirror, and its events map the same way")
    func mirrorOfTheFramesOwnRecording() throws {
        let framed = try run(recordingFrames: true)
        let alone = try simulate([.visit(url: Self.card.url), .click(target: "#number"), .type(target: "#number", text: .literal("4242"))], pages: [Self.card])
        let own = try #require(fullSnapshots(alone).first)
        let attached = try #require(attaches(framed).first).node
        // rrweb's mirror: child id → a new parent id, in the pre-order replaceIdOnNode walks; patchRootIdOnNode adds rootId.
        var mirror: [Int: Int] = [:]
        for (child, parent) in zip(preorder(own), preorder(attached)) { mirror[child.id] = parent.id }
        func remapped(_ node: SerializedNode, root: Int) -> SerializedNode {
            var copy = node
            copy.id = mirror[node.id] ?? -1
            if node.type != .document { copy.rootId = root }
            copy.childNodes = node.childNodes?.map { remapped($0, root: root) }
            return copy
        }
        #expect(remapped(own, root: mirror[own.id]!) == attached)
        let ownNumber = try #require(node(withHTMLId: "number", in: own)).id
        let frameIds = Set(mirror.values)
        let inFrame = inputs(framed).filter { frameIds.contains($0.id) }
        #expect(inputs(alone).map { mirror[$0.id] } == inFrame.map(\.id), "the frame's Input ids, mapped, are the parent's")
        #expect(inputs(alone).map(\.text) == inFrame.map(\.text))
        #expect(mirror[ownNumber] == node(withHTMLId: "number", in: attached)?.id)
    }

    @Test("A same-origin <iframe src> is readable, so it is recorded with the setting off, without rr_src")
    func sameOriginFrame() throws {
        let help = page("https://shop.example/help", #"<p id="faq">FAQ</p>"#)
        let shop = page("https://shop.example/", #"<iframe id="help" src="/help"></iframe>"#)
        let simulation = try simulate([.visit(url: shop.url), .click(target: "#help #faq")], pages: [shop, help])
        let iframe = try #require(fullSnapshots(simulation).first.flatMap { node(withHTMLId: "help", in: $0) })
        #expect(iframe.attributes?["rr_src"] == nil)
        #expect(attaches(simulation).count == 1)
    }

    @Test("Recording frames on adds the attach and changes nothing in the parent's own events")
    func parentUnchanged() throws {
        let outside: [StepAction] = [.visit(url: Self.checkout.url), .type(target: "#email", text: .literal("jo")), .setText(target: "#status", text: "Paid")]
        let off = try run(recordingFrames: false, steps: outside)
        let on = try run(recordingFrames: true, steps: outside)
        #expect(attaches(on).count == 1 && attaches(off).isEmpty)
        #expect(inputs(on) == inputs(off))
    }

    @Test("Deterministic per seed")
    func deterministic() throws {
        let a = try run(recordingFrames: true)
        let b = try run(recordingFrames: true)
        #expect(try SimulationFiles.render(a).map(\.bytes) == SimulationFiles.render(b).map(\.bytes))
    }
}
