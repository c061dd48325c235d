import Compression
import Foundation
@testable import Ingest
@testable import IngestServer
import Replay
import ScenarioLanguage
import SessionModel
import _TestSupport

/// One thing the fuzzer feeds: its seed inputs and what it does with an input (anything but a crash or hang is fine).
///
/// The suite's short pass (`FuzzTests`) and the libFuzzer driver (`Fuzz/LibFuzzerDriver.swift`, built by
/// `scripts/fuzz.sh`) run the same targets.
struct FuzzTarget: Sendable {
    var name: String
    var seeds: @Sendable () -> [[UInt8]]
    var run: @Sendable ([UInt8]) -> Void

    static let batchBytes = Fixture.batch(sequence: 0, extraEvents: [Fixture.input("hello", id: 3, at: 20)]).canonicalBytes

    static let all: [FuzzTarget] = [
        FuzzTarget(name: "json", seeds: { [batchBytes, Array(#"[1,-0.5e3,"\u00e9\ud83d\ude00",{"a":[null,true]}]"#.utf8)] }) { bytes in
            if let value = try? JSONReader.parse(bytes) { _ = JSONWriter.canonicalBytes(value) }
            _ = try? JSONReader.parseSequence(bytes)
        },
        FuzzTarget(name: "recording", seeds: { [RecordingEncoder.encodeArray(Fixture.batch(sequence: 0).events)] + conformanceSeeds() }) { bytes in
            _ = try? RecordingDecoder.decode(bytes)
            _ = RecordingInspector.inspect(bytes)
            let session = ReplaySession(bytes: bytes)
            _ = session.finalState().html()
            _ = session.seek(to: session.duration / 2)
        },
        FuzzTarget(name: "scenario", seeds: { RepositoryFiles.scenarioNames.prefix(4).map { Array(RepositoryFiles.scenarioText($0).utf8) } }) { bytes in
            _ = ScenarioParser.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.scenario")
        },
        FuzzTarget(name: "http", seeds: {
            [Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n".utf8),
             Array("GET /v1/sessions/s?a=%41&b HTTP/1.0\r\nConnection: keep-alive\r\nX-A: b\tc\r\n".utf8)]
        }) { bytes in
            guard let request = try? HTTPRequestReader.parseHead(bytes, limits: HTTPLimits()) else { return }
            _ = request.query
            _ = request.keepAlive
        },
        FuzzTarget(name: "server", seeds: {
            [Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: \(batchBytes.count)\r\n\r\n".utf8) + batchBytes,
             Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\n{}\r\n0\r\nT: 1\r\n\r\nGET /v1/sessions HTTP/1.1\r\nHost: x\r\n\r\n".utf8)]
        }) { bytes in
            FuzzServer.shared.exchange(bytes)
        },
        FuzzTarget(name: "decompression", seeds: {
            [Zlib.compress(batchBytes, format: .gzip), Zlib.compress(batchBytes, format: .zlib), Zlib.compress(batchBytes, format: .rawDeflate)]
        }) { bytes in
            for encoding in ["gzip", "deflate"] { _ = try? HTTPRequestReader.decode(bytes, encoding: encoding, limit: 1 << 20) }
        },
        FuzzTarget(name: "sentry", seeds: {
            let recording = Array(#"{"segment_id":0}"#.utf8) + [10] + RecordingEncoder.encodeArray(Fixture.batch(sequence: 0).events)
            let envelope = Array("{\"event_id\":\"abc\"}\n{\"type\":\"replay_event\"}\n{\"replay_id\":\"abc\",\"tags\":{}}\n{\"type\":\"replay_recording\",\"length\":\(recording.count)}\n".utf8) + recording
            return [envelope, recording, Zlib.compress(recording, format: .zlib)]
        }) { bytes in
            if let envelope = try? SentryEnvelope(parsing: bytes) {
                for item in envelope.items { _ = try? SentryEnvelope.recording(item.payload) }
            }
            _ = try? SentryEnvelope.recording(bytes)
        },
        FuzzTarget(name: "batch", seeds: { [batchBytes] }) { bytes in
            guard let json = try? JSONReader.parse(bytes) else { return }
            _ = try? UploadBatch(json: Redaction.redact(batch: json))
        },
        FuzzTarget(name: "reference-readback", seeds: {
            [Array(#"{"batches":["#.utf8) + batchBytes + Array(#"],"sessionId":"sess-1"}"#.utf8),
             Array(#"{"sessions":[{"batches":2,"events":5,"sessionId":"sess-1"},{"sessionId":"s\u00e9"}]}"#.utf8)]
        }) { bytes in
            _ = try? ReferenceReadBack.batches(fromBody: bytes, path: "GET /v1/sessions/fuzz")
            _ = try? ReferenceReadBack.sessionIds(fromBody: bytes)
        },
        FuzzTarget(name: "posthog-readback", seeds: {
            // A snapshot, mutations and style-sheet rules: every kind posthog-js compresses.
            var generator = RRWebStreamGenerator(seed: 14, everyKind: true)
            return [JSONWriter.canonicalBytes(.array(generator.events(count: 40).map { PostHogAdapter.compressFields($0.jsonValue) }))]
        }) { bytes in
            guard let json = try? JSONReader.parse(bytes) else { return }
            for event in json.arrayValue ?? [json] {
                if let decoded = try? PostHogAdapter.decompressFields(event) { _ = try? Event(json: decoded) }
            }
        },
        FuzzTarget(name: "sentry-readback", seeds: {
            let recording = Array(#"{"segment_id":3}"#.utf8) + [10] + RecordingEncoder.encodeArray(Fixture.batch(sequence: 0).events)
            let replayEvent = #"{"replay_id":"abc","tags":{"harness.session":"sess-1","harness.window":"w","harness.page":"p","harness.user":"u"}}"#
            let envelope = Array("{\"event_id\":\"abc\"}\n{\"type\":\"replay_event\"}\n\(replayEvent)\n{\"type\":\"replay_recording\",\"length\":\(recording.count)}\n".utf8) + recording
            let error = #"{"data":{"event_id":"ab-cd","timestamp":1700000000.5,"contexts":{"replay":{"replay_id":"abc"}},"exception":{"values":[{"type":"TypeError","value":"x is undefined","mechanism":{"handled":false},"stacktrace":{"frames":[{"filename":"app.js","lineno":3,"colno":7,"function":"f"}]}}]}}}"#
            return [envelope, Array(error.utf8)]
        }) { bytes in
            _ = try? BugsinkReadBack.batch(fromEnvelope: bytes, session: "sess-1")
            if let json = try? JSONReader.parse(bytes) { _ = BugsinkReadBack.storedError(json, eventId: "e") }
        },
        FuzzTarget(name: "django-readback", seeds: {
            let rows = Fixture.batch(sequence: 0).events.map { event in
                let json = event.jsonValue
                return "\(json["type"]?.intValue ?? 0)\t\(json["data"].map(JSONWriter.canonicalString) ?? "")\t\(json["timestamp"]?.intValue ?? 0)"
            }
            return [Array((["page-1~w0123abcd"] + rows + ["3\t{}\t", "\t\t"]).joined(separator: "\n").utf8)]
        }) { bytes in
            // The page key on the first line, then one event row a line: kind, data JSON, timestamp (tabs; empty is NULL).
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let rows = lines.dropFirst().map { line in
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                func field(_ index: Int) -> String? { index < fields.count && !fields[index].isEmpty ? fields[index] : nil }
                return (kind: field(0).flatMap { Int64($0) }, data: field(1), timestamp: field(2).flatMap { Int64($0) })
            }
            _ = try? DjangoRRWebReadBack.batch(session: "sess-1", pageKey: lines.first.map(String.init) ?? "", events: rows)
        },
        FuzzTarget(name: "generic-readback", seeds: {
            let chunk = #"{"client_session":"sess-1","window":"w","page_id":"p","sequence":0,"visitor":"v","origin":"https://a.example","events":"#
            return [Array(#"{"batches":["#.utf8) + batchBytes + Array(#"],"sessionId":"sess-1"}"#.utf8),
                    Array(#"{"batches":[{"seq":"1","events":"#.utf8) + RecordingEncoder.encodeArray(Fixture.batch(sequence: 0).events) + Array("}]}".utf8),
                    Array(#"{"results":[{"id":7,"client_session":"sess-1"}],"pages":[{"events_url":"/e"}],"chunks":["#.utf8) + Array(chunk.utf8)
                        + RecordingEncoder.encodeArray(Fixture.batch(sequence: 0).events) + Array("}]}".utf8)]
        }) { bytes in
            guard let json = try? JSONReader.parse(bytes) else { return }
            for configuration in genericConfigurations { GenericReadBack.run(configuration, answer: json) }
        },
    ]

    /// The repository's generic target configurations whose read-back is HTTP requests, parsed once.
    static let genericConfigurations: [TargetConfiguration] = {
        ["Tests/IngestTests/Fixtures/generic-acme.json", "docs/examples/targets/reference.json", "Tests/Targets/tinyreplay/tinyreplay.json"].map { path in
            do { return try TargetConfiguration(contentsOf: RepositoryFiles.root.appendingPathComponent(path).path) } catch {
                fatalError("fuzz seed configuration \(path): \(error)")
            }
        }
    }()

    /// A few conformance recordings, when the folder is there.
    static func conformanceSeeds() -> [[UInt8]] {
        let folder = RepositoryFiles.root.appendingPathComponent("../shared/conformance/rrweb").standardizedFileURL
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.prefix(3).compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path), data.count < 256 << 10 else { return nil }
            return [UInt8](data)
        }
    }
}

/// Feeds one answer to every request step of a generic configuration's read-back, as if each step's endpoint had
/// answered it, then maps the rows to batches: the selection, `where`, `bind` and `batches` mapping of `TargetReadBack`.
enum GenericReadBack {
    /// The batches the answer maps to (those that map without an error).
    @discardableResult
    static func run(_ configuration: TargetConfiguration, answer: JSONValue) -> [UploadBatch] {
        guard let plan = configuration.readBack else { return [] }
        var first = configuration.commonValues(origin: nil)
        first["sessionId"] = .string("sess-1")
        var rows: [(values: TemplateValues, item: JSONValue)] = [(first, .null)]
        for step in plan.steps {
            var next: [(values: TemplateValues, item: JSONValue)] = []
            for row in rows {
                guard let made = try? TargetReadBack.rows(step, row: row.values, items: step.each.select(in: answer)) else { return [] }
                next += made
            }
            // Each step fans out; a few rows are enough to reach every path.
            rows = Array(next.prefix(8))
        }
        return rows.enumerated().compactMap { offset, row in try? TargetReadBack.batch(plan, row: row.values, item: row.item, at: offset) }
    }
}
