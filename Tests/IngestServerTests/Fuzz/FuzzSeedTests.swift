@testable import Ingest
import SessionModel
import Testing
import _TestSupport

/// The read-back fuzz targets start from answers their parsers accept, so mutations reach past the first check.
@Suite("Fuzz seeds")
struct FuzzSeedTests {
    func seeds(_ name: String) -> [[UInt8]] {
        FuzzTarget.all.first { $0.name == name }!.seeds()
    }

    @Test("each read-back target's seeds are read back as the batches, events and errors they hold")
    func readBackSeedsParse() throws {
        #expect(try ReferenceReadBack.batches(fromBody: seeds("reference-readback")[0], path: "GET").map(\.sessionId) == ["sess-1"])
        #expect(try ReferenceReadBack.sessionIds(fromBody: seeds("reference-readback")[1]) == ["sess-1", "s\u{e9}"])

        let packed = try #require(try JSONReader.parse(seeds("posthog-readback")[0]).arrayValue)
        let unpacked = try packed.map { try Event(json: PostHogAdapter.decompressFields($0)) }
        var generator = RRWebStreamGenerator(seed: 14, everyKind: true)
        #expect(unpacked == generator.events(count: 40))
        #expect(packed.filter { $0["cv"] != nil }.count > 5)

        let segment = try #require(try BugsinkReadBack.batch(fromEnvelope: seeds("sentry-readback")[0], session: "sess-1"))
        #expect(segment.sequence == 3 && segment.userId == "u" && segment.events == Fixture.batch(sequence: 0).events)
        let error = try #require(BugsinkReadBack.storedError(try JSONReader.parse(seeds("sentry-readback")[1]), eventId: "e"))
        #expect(error.eventId == "abcd" && error.error.type == "TypeError" && error.timestamp == 1_700_000_000_500)

        let text = String(decoding: seeds("django-readback")[0], as: UTF8.self).split(separator: "\n")
        #expect(text.first == "page-1~w0123abcd")
        let page = try DjangoRRWebReadBack.batch(session: "sess-1", pageKey: "page-1~w0123abcd", events: [(4, #"{"href":"https://a.example/","width":1,"height":2}"#, 7)])
        #expect(page.pageId == "page-1" && page.windowId == "w0123abcd" && page.events.count == 1)

        let generic = FuzzTarget.genericConfigurations
        let answers = try seeds("generic-readback").map { try JSONReader.parse($0) }
        #expect(GenericReadBack.run(generic[0], answer: answers[1]).map(\.sequence) == [1])
        #expect(GenericReadBack.run(generic[1], answer: answers[0]).map(\.sessionId) == ["sess-1"])
        #expect(GenericReadBack.run(generic[2], answer: answers[2]).map(\.windowId) == ["w"])
    }
}
