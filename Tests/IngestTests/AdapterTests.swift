import Compression
import Foundation
import SessionModel
import Testing
@testable import Ingest
import _TestSupport

/// Byte-exact request fixtures per adapter: `Fixtures/<name>.request` is the whole HTTP/1.1 request.
/// Set `INGEST_FIXTURES_RECORD=1` to rewrite them; a rewrite always fails the test, so CI never passes on one.
@Suite("Adapters")
struct AdapterTests {
    static let fixtures = RepositoryFiles.root.appendingPathComponent("Tests/IngestTests/Fixtures")

    /// The batch every fixture is made from: a page, a custom event, an input, and a script error.
    static let batch: UploadBatch = {
        let error = ScriptError(type: "TypeError", message: "Cannot read properties of undefined (reading 'id')",
                                frames: [.init(file: "https://shop.example/app.js", line: 120, column: 14, function: "pay")])
        let errorEvent = Event(timestamp: Fixture.start + 900, data: .custom(CustomPayload.scriptError(error).customEvent))
        var batch = Fixture.batch(session: "0195f1c2-aaaa-7bbb-8ccc-123456789abc", window: "0195f1c2-wwww", page: "page-1", sequence: 3,
                                  distinct: "visitor-42", extraEvents: [Fixture.input("héllo", id: 9, at: 500), errorEvent])
        batch.userId = "user-7"
        return batch
    }()

    static let adapters: [(String, any Adapter)] = [
        ("reference", ReferenceAdapter(compression: .gzip, token: "ingest-token")),
        ("reference-plain", ReferenceAdapter(compression: .none)),
        ("posthog", PostHogAdapter(token: "phc_test")),
        ("posthog-cv", PostHogAdapter(token: "phc_test", gzipBody: false, compressEvents: true)),
        ("sentry", SentryAdapter(projectId: "1", publicKey: "41715179df144517aabb4ffee07a6ce1")),
        ("django-rrweb", DjangoRRWebAdapter()),
        ("generic-acme", try! GenericAdapter(contentsOf: fixtures.appendingPathComponent("generic-acme.json").path)),
    ]

    @Test("requests match their byte-exact fixtures", arguments: adapters.map(\.0))
    func fixture(_ name: String) throws {
        let adapter = try #require(Self.adapters.first { $0.0 == name }?.1)
        let requests = try adapter.requests(for: Self.batch)
        var bytes: [UInt8] = []
        for request in requests { bytes += request.serialized(host: "ingest.test") }
        let url = Self.fixtures.appendingPathComponent("\(name).request")
        if ProcessInfo.processInfo.environment["INGEST_FIXTURES_RECORD"] != nil || !FileManager.default.fileExists(atPath: url.path) {
            try Data(bytes).write(to: url)
            Issue.record("recorded \(url.path); check it and run again without INGEST_FIXTURES_RECORD")
            return
        }
        let expected = [UInt8](try Data(contentsOf: url))
        if expected != bytes {
            let index = zip(expected, bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expected.count, bytes.count)
            Issue.record("""
                \(name) request differs from \(url.lastPathComponent) at byte \(index) (fixture \(expected.count) bytes, actual \(bytes.count)):
                fixture: \(String(decoding: expected[max(0, index - 40)..<min(expected.count, index + 40)], as: UTF8.self))
                actual:  \(String(decoding: bytes[max(0, index - 40)..<min(bytes.count, index + 40)], as: UTF8.self))
                """)
        }
    }

    @Test("the reference body decodes back to the batch")
    func referenceRoundTrip() throws {
        let request = try ReferenceAdapter().request(for: Self.batch)
        let plain = try Zlib.decompress(request.body, format: .gzip, limit: 1 << 20)
        #expect(try UploadBatch(json: JSONReader.parse(plain)) == Self.batch)
        #expect(request.header("Origin") == "https://shop.example")
        #expect(request.header("User-Agent") == UploadBatch.defaultUserAgent)
    }

    @Test("the PostHog body is a gzip array of one $snapshot carrying the ids; cv fields decompress back")
    func posthog() throws {
        let request = try PostHogAdapter().request(for: Self.batch)
        #expect(Array(request.body.prefix(2)) == [0x1F, 0x8B])
        let json = try JSONReader.parse(Zlib.decompress(request.body, format: .gzip, limit: 1 << 20))
        let snapshot = try #require(json.arrayValue?.first)
        #expect(snapshot["event"]?.stringValue == "$snapshot")
        let properties = try #require(snapshot["properties"])
        #expect(properties["$session_id"]?.stringValue == Self.batch.sessionId)
        #expect(properties["$window_id"]?.stringValue == Self.batch.windowId)
        #expect(properties["distinct_id"]?.stringValue == "visitor-42")
        #expect(properties["$snapshot_data"]?.arrayValue?.count == Self.batch.events.count)
        // Field compression round trip on a FullSnapshot and a Mutation.
        let full: JSONValue = ["type": 2, "timestamp": 1, "data": ["node": ["type": 0, "id": 1, "childNodes": []], "initialOffset": ["left": 0, "top": 0]]]
        let mutation: JSONValue = ["type": 3, "timestamp": 2, "data": ["source": 0, "texts": [], "attributes": [], "removes": [], "adds": [["parentId": 1, "nextId": .null, "node": ["type": 3, "id": 2, "textContent": "hi"]]]]]
        for event in [full, mutation] {
            let packed = PostHogAdapter.compressFields(event)
            #expect(packed["cv"]?.stringValue == "2024-10")
            #expect(try PostHogAdapter.decompressFields(packed) == event)
        }
    }

    @Test("the Sentry envelope parses back: replay_event, segment header line, zlib recording; errors carry the replay id")
    func sentry() throws {
        let requests = try SentryAdapter().requests(for: Self.batch)
        #expect(requests.count == 2)
        let envelope = try SentryEnvelope(parsing: requests[0].body)
        #expect(envelope.items.map(\.type) == ["replay_event", "replay_recording"])
        let replayId = SentryAdapter.replayId(Self.batch)
        #expect(replayId.count == 32)
        let event = try JSONReader.parse(envelope.items[0].payload)
        #expect(event["segment_id"]?.intValue == 3)
        #expect(event["error_ids"]?.arrayValue?.count == 1)
        #expect(envelope.items[1].payload.starts(with: Array("{\"segment_id\":3}\n".utf8)))
        #expect(envelope.items[1].payload[17] == 0x78)
        let (segment, events) = try SentryEnvelope.recording(envelope.items[1].payload)
        #expect(segment == 3)
        #expect(events == Self.batch.events)
        let error = try SentryEnvelope(parsing: requests[1].body)
        #expect(error.items.map(\.type) == ["event"])
        let errorEvent = try JSONReader.parse(error.items[0].payload)
        #expect(errorEvent["contexts"]?["replay"]?["replay_id"]?.stringValue == replayId)
        #expect(errorEvent["exception"]?["values"]?.arrayValue?.first?["type"]?.stringValue == "TypeError")
        #expect(SentryAdapter(dsn: "http://41715179df144517aabb4ffee07a6ce1@127.0.0.1:18432/1")?.projectId == "1")
    }

    /// Generic configurations with mistakes, and the message each must give.
    @Test("generic configuration errors name the place and suggest a fix", arguments: [
        (#"{"request":{"path":"/x/{sesionId}"}}"#, "$.request.path: unknown placeholder {sesionId}; did you mean {sessionId}?"),
        (#"{"request":{"path":"x"}}"#, "$.request.path: missing or not starting with '/'"),
        (#"{"request":{"path":"/x","compression":"br"}}"#, "$.request.compression: 'br' is not one of none, gzip, deflate"),
        (#"{"request":{"path":"/x","body":{"a":["{evnts}"]}}}"#, "$.request.body.a[0]: unknown placeholder {evnts}; did you mean {events}?"),
    ])
    func genericErrors(_ config: String, _ message: String) throws {
        #expect(throws: AdapterError(message)) { _ = try GenericAdapter(json: JSONReader.parse(config)) }
    }

    @Test("the generic body fills typed placeholders; read-back finds events at its JSON path")
    func generic() throws {
        let adapter = try #require(Self.adapters.first { $0.0 == "generic-acme" }?.1 as? GenericAdapter)
        let request = try adapter.request(for: Self.batch)
        let body = try JSONReader.parse(request.body)
        #expect(body["seq"] == .integer(3))
        #expect(body["who"]?.stringValue == "visitor visitor-42")
        #expect(body["events"]?.arrayValue?.count == Self.batch.events.count)
        #expect(request.path == "/collect/0195f1c2-aaaa-7bbb-8ccc-123456789abc?seq=3&w=0195f1c2-wwww")
        let response: JSONValue = ["batches": [["events": [1, 2]], ["events": [3]]]]
        #expect(GenericAdapter.events(in: response, path: ["batches", "*", "events"]) == [1, 2, 3])
    }
}

extension AdapterError: Equatable {
    public static func == (lhs: AdapterError, rhs: AdapterError) -> Bool { lhs.message == rhs.message }
}

@Suite("Targets by name")
struct NamedTargetTests {
    @Test("known names build; unknown ones and missing settings say what to do")
    func named() throws {
        let url = URL(string: "http://127.0.0.1:1")!
        #expect(try IngestTarget.named("reference", endpoint: url).adapter.name == "reference")
        #expect(try IngestTarget.named("django-rrweb", endpoint: url, settings: ["database": "/tmp/x.sqlite3"]).granularity == .events)
        #expect(throws: AdapterError("unknown adapter 'sentyr'; known: reference, posthog, sentry, django-rrweb, generic; did you mean 'sentry'?")) {
            _ = try IngestTarget.named("sentyr", endpoint: url)
        }
        #expect(throws: AdapterError("the django-rrweb adapter needs the 'database' setting")) { _ = try IngestTarget.named("django-rrweb", endpoint: url) }
    }
}
