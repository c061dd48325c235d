import Compression
import Foundation
import Ingest
@testable import IngestServer
import Replay
import ScenarioLanguage
import SessionModel
import Testing
import _TestSupport

/// One thing the fuzzer feeds: its seed inputs and what it does with an input (anything but a crash or hang is fine).
struct FuzzTarget: Sendable, CustomTestStringConvertible {
    var name: String
    var seeds: @Sendable () -> [[UInt8]]
    var run: @Sendable ([UInt8]) -> Void
    var testDescription: String { name }

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
    ]

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
