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
        ("generic-acme", try! TargetConfiguration(contentsOf: fixtures.appendingPathComponent("generic-acme.json").path)),
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

    /// Target configurations with mistakes, and the message each must give.
    @Test("target configuration errors name the JSON path and suggest a fix", arguments: [
        (#"{"send":{"path":"/x/{sesionId}"}}"#, "$.send.path: unknown placeholder {sesionId}; did you mean {sessionId}?"),
        (#"{"send":{"path":"x"}}"#, "$.send.path: must start with '/'"),
        (#"{"send":{"path":"/x","compression":"br"}}"#, "$.send.compression: 'br' is not one of none, gzip, deflate"),
        (#"{"send":{"path":"/x","body":{"a":["{evnts}"]}}}"#, "$.send.body.a[0]: unknown placeholder {evnts}; did you mean {events}?"),
        (#"{"send":{"path":"/x","heders":{}}}"#, "$.send.heders: unknown member; did you mean 'headers'?"),
        (#"{"send":{"path":"/x/{sessionId|lowr}"}}"#, "$.send.path: {sessionId|lowr}: unknown transform 'lowr'; did you mean 'lower'?"),
        (#"{"send":{"path":"/x/{table.site}"},"tables":{"siteKey":{}}}"#, "$.send.path: unknown placeholder {table.site}; did you mean {table.siteKey}?"),
        (#"{"send":{"path":"/x/{"}}"#, "$.send.path: '{' is not closed in \"/x/{\"; write '{{' for a literal brace"),
        (#"{"send":{"path":"/x"},"readBack":{"steps":[{"request":{"path":"/r/{recordingId}"}}],"batches":{"sequence":"$.s","events":"$.e"}}}"#,
         "$.readBack.steps[0].request.path: unknown placeholder {recordingId}"),
    ])
    func targetErrors(_ config: String, _ message: String) throws {
        #expect(throws: AdapterError(message)) { _ = try TargetConfiguration(json: JSONReader.parse(config)) }
    }

    @Test("templates fill typed values, transforms, escapes, tables and per-page names")
    func targetTemplates() throws {
        let config = #"""
            {"settings": {"token": "t0"}, "tables": {"siteKey": {"https://shop.example": "pk_shop"}},
             "send": {"path": "/i/{table.siteKey}/{sessionId|truncate:8}?u={pageURL}",
                      "headers": {"Authorization": "Bearer {setting.token}", "X-Who": "{distinctId|upper}", "X-Hash": "{distinctId|sha256}"},
                      "body": {"seq": "{sequence}", "page": "{pageIndex}", "chunk": "{pageSequence}", "last": "{isLastChunk}",
                               "n": "{eventCount}", "lit": "{{x}}", "b64": "{origin|base64}"}}}
            """#
        let configuration = try TargetConfiguration(json: JSONReader.parse(config), settings: ["token": "t1"])
        let context = BatchContext(pageURL: "https://shop.example/p?a=1", pageIndex: 2, pageSequence: 1, isLastChunk: true)
        let request = try configuration.requests(for: Self.batch, context: context)[0]
        #expect(request.path == "/i/pk_shop/0195f1c2?u=https%3A%2F%2Fshop.example%2Fp%3Fa%3D1")
        #expect(request.header("Authorization") == "Bearer t1")
        #expect(request.header("X-Who") == "VISITOR-42")
        #expect(request.header("X-Hash") == SHA256.hex(Array("visitor-42".utf8)))
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let body = try JSONReader.parse(request.body)
        #expect(body == ["b64": "aHR0cHM6Ly9zaG9wLmV4YW1wbGU=", "chunk": 1, "last": true, "lit": "{x}", "n": .integer(Int64(Self.batch.events.count)), "page": 2, "seq": 3])
        var other = Self.batch
        other.origin = "https://news.example"
        #expect(throws: AdapterError("generic: the table 'siteKey' has no entry for origin https://news.example and no '*'")) {
            _ = try configuration.requests(for: other, context: context)
        }
    }

    @Test("the batch context numbers page views and chunks over the whole plan")
    func batchContext() {
        let a0 = Fixture.batch(session: "s", window: "w", page: "p1", sequence: 0, distinct: "d")
        var a1 = a0; a1.sequence = 1; a1.events = []
        var b2 = a0; b2.pageId = "p2"; b2.sequence = 2; b2.events = []
        let contexts = BatchContext.plan([a0, b2, a1, a1])
        #expect(contexts.map(\.pageIndex) == [0, 1, 0, 0])
        #expect(contexts.map(\.pageSequence) == [0, 0, 1, 1])
        #expect(contexts.map(\.isLastChunk) == [false, true, true, true])
        #expect(contexts[2].pageURL == contexts[0].pageURL && contexts[0].pageURL != nil)
        #expect(contexts[1].pageURL == nil)
    }

    @Test("a body rule refuses a 2xx whose body says otherwise")
    func acknowledgementRule() throws {
        let rule = Acknowledgement(statuses: [200, 204], bodyPath: try JSONQuery(parsing: "$.accepted"), accepted: [true])
        #expect(rule.accepts(status: 204) && !rule.accepts(status: 201))
        #expect(rule.bodyRefusal(Array(#"{"accepted":true}"#.utf8)) == nil)
        #expect(rule.bodyRefusal(Array(#"{"accepted":false}"#.utf8)) == #"the body said {"accepted":false}, where $.accepted is false, not true"#)
        #expect(try JSONQuery(parsing: "$.a['b c'][1][*]").select(in: ["a": ["b c": [0, [5, 6]]]]) == [5, 6])
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
