import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("An unload with several uploads in flight")
struct UploadsInFlightTests {
    static let shop = page("https://shop.example/", #"<input id="q"><button id="go">Go</button>"#)

    func run(_ count: Int) throws -> Simulation {
        try simulate([
            .visit(url: Self.shop.url), .type(target: "#q", text: .literal("walking boots")), .click(target: "#go"),
            .unloadDuringUploads(count), .returnAfter(60_000, url: nil), .click(target: "#go"),
        ], pages: [Self.shop], sdk: SDKProfile(kind: .posthog, flushInterval: 10_000))
    }

    @Test("the buffer leaves as three batches, all cut; the next visit sends all three first, in order, and nothing is lost or doubled")
    func threeInFlight() throws {
        let simulation = try run(3)
        let cut = simulation.uploads.enumerated().filter { $0.element.outcome == .lostAtUnload }
        #expect(cut.count == 3)
        #expect(cut.map(\.element.batch.sequence) == [0, 1, 2])
        #expect(cut.allSatisfy { $0.element.attempts.count == 1 && $0.element.attempts[0].status == -1 })
        #expect(cut.allSatisfy { $0.element.byteSize == RecordingEncoderSize.of($0.element.batch) })
        let recovered = simulation.uploads.filter(\.isRecoveredLeftover)
        #expect(recovered.map(\.recoveredFrom) == cut.map(\.offset))
        #expect(recovered.allSatisfy { $0.outcome == .acknowledged })
        #expect(acknowledgedEvents(simulation).count == allEvents(simulation).count)
        #expect(acknowledgedEvents(simulation).map { text([$0]) }.sorted() == allEvents(simulation).map { text([$0]) }.sorted())
    }

    @Test("asking for more uploads than buffered events sends one event per batch")
    func moreUploadsThanEvents() throws {
        let simulation = try simulate([.visit(url: Self.shop.url), .wait(30_000), .click(target: "#go"), .unloadDuringUploads(20)], pages: [Self.shop])
        let cut = simulation.uploads.filter { $0.outcome == .lostAtUnload }
        #expect(!cut.isEmpty && cut.count <= 20 && cut.allSatisfy { !$0.batch.events.isEmpty })
    }
}
