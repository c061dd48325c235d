import Compression
import Foundation
import Harness
@testable import IngestServer
import SessionModel
import Testing
@testable import Ingest
import _TestSupport

@Suite("Reference server")
struct ReferenceServerTests {
    /// One malformed request, what it must get, and the reason it is wrong.
    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var status: Int
        var testDescription: String { name }
    }

    static let bomb: [UInt8] = Zlib.compress([UInt8](repeating: UInt8(ascii: " "), count: 40 << 20), format: .gzip)

    static let malformed: [Malformed] = [
        Malformed(name: "bad request line", bytes: Array("GET\r\nHost: x\r\n\r\n".utf8), status: 400),
        Malformed(name: "lowercase method and no version", bytes: Array("get / HTTP/9\r\nHost: x\r\n\r\n".utf8), status: 400),
        Malformed(name: "oversized headers", bytes: Array(("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 20_000) + "\r\n\r\n").utf8), status: 431),
        Malformed(name: "bad Content-Length", bytes: Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n".utf8), status: 400),
        Malformed(name: "two different Content-Lengths", bytes: Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}".utf8), status: 400),
        Malformed(name: "Content-Length with Transfer-Encoding", bytes: Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8), status: 400),
        Malformed(name: "bad chunk size", bytes: Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n".utf8), status: 400),
        Malformed(name: "invalid JSON", bytes: Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n{\"a\":tru}".utf8), status: 400),
        Malformed(name: "JSON that is not a batch", bytes: Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}".utf8), status: 422),
        Malformed(name: "gzip bomb", bytes: Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: \(bomb.count)\r\n\r\n".utf8) + bomb, status: 413),
        Malformed(name: "body over the limit", bytes: Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n".utf8), status: 413),
        Malformed(name: "unknown content encoding", bytes: Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Encoding: br\r\nContent-Length: 2\r\n\r\n{}".utf8), status: 415),
        Malformed(name: "unknown session on read-back", bytes: Array("GET /v1/sessions/nobody HTTP/1.1\r\nHost: x\r\n\r\n".utf8), status: 404),
        Malformed(name: "path traversal as session id", bytes: Array("GET /v1/sessions/..%2F..%2Fetc HTTP/1.1\r\nHost: x\r\n\r\n".utf8), status: 400),
        Malformed(name: "HTTP/1.1 without Host", bytes: Array("GET /healthz HTTP/1.1\r\n\r\n".utf8), status: 400),
        Malformed(name: "header folded onto the next line", bytes: Array("GET /healthz HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n".utf8), status: 400),
        Malformed(name: "POST without a length", bytes: Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\r\n".utf8), status: 411),
    ]

    @Test("malformed requests get 4xx and the server keeps serving", arguments: malformed)
    func malformedRequest(_ testCase: Malformed) throws {
        let server = try Fixture.server()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send(testCase.bytes)
        let response = try #require(client.readResponse())
        client.close()
        #expect(response.status == testCase.status, "\(response.body)")
        let next = try RawClient(port: server.port)
        next.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(next.readResponse()?.status == 200)
        next.close()
    }

    @Test("a batch with an id that could escape a path is refused")
    func invalidIds() async throws {
        let server = try Fixture.server()
        defer { server.stop() }
        let batch = Fixture.batch(session: "../../etc/passwd", sequence: 0)
        let report = await Transport(baseURL: server.baseURL, policy: .none).send(try ReferenceAdapter().request(for: batch))
        #expect(report.finalStatus == 422)
        #expect(try server.store.all().isEmpty)
    }

    @Test("keep-alive, chunked and gzip bodies are read")
    func keepAliveChunkedGzip() throws {
        let server = try Fixture.server()
        defer { server.stop() }
        let body = Fixture.batch(sequence: 0).canonicalBytes
        let client = try RawClient(port: server.port)
        // Chunked, split at an odd place.
        let half = body.count / 3
        client.send("POST /v1/batches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        client.send(String(half, radix: 16) + ";ext=1\r\n"); client.send(Array(body[..<half])); client.send("\r\n")
        client.send(String(body.count - half, radix: 16) + "\r\n"); client.send(Array(body[half...])); client.send("\r\n0\r\nX-Trailer: 1\r\n\r\n")
        #expect(client.readResponse()?.body == #"{"status":"stored"}"#)
        // Same connection, gzip, the next sequence.
        let gzipped = Zlib.compress(Fixture.batch(sequence: 1).canonicalBytes, format: .gzip)
        client.send(Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: \(gzipped.count)\r\n\r\n".utf8) + gzipped)
        #expect(client.readResponse()?.body == #"{"status":"stored"}"#)
        // And deflate (zlib framing).
        let deflated = Zlib.compress(Fixture.batch(sequence: 2).canonicalBytes, format: .zlib)
        client.send(Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Encoding: deflate\r\nContent-Length: \(deflated.count)\r\n\r\n".utf8) + deflated)
        #expect(client.readResponse()?.body == #"{"status":"stored"}"#)
        client.close()
        #expect(try server.store.all().map(\.sequence) == [0, 1, 2])
    }

    @Test("requests are read whole, byte by byte, and pipelined back to back")
    func feeding() throws {
        let server = try Fixture.server()
        defer { server.stop() }
        func post(_ sequence: Int) -> [UInt8] {
            let body = Fixture.batch(sequence: sequence).canonicalBytes
            return Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        }
        let whole = try RawClient(port: server.port)
        whole.send(post(0))
        #expect(whole.readResponse()?.body == #"{"status":"stored"}"#)
        whole.close()
        let trickle = try RawClient(port: server.port)
        for byte in post(1) { trickle.send([byte]) }
        #expect(trickle.readResponse()?.body == #"{"status":"stored"}"#)
        trickle.close()
        let pipelined = try RawClient(port: server.port)
        pipelined.send(post(2) + post(3) + Array("GET /v1/sessions HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(pipelined.readResponse()?.body == #"{"status":"stored"}"#)
        #expect(pipelined.readResponse()?.body == #"{"status":"stored"}"#)
        #expect(pipelined.readResponse()?.body == #"{"sessions":[{"batches":4,"events":8,"sessionId":"sess-1"}]}"#)
        pipelined.close()
    }

    @Test("duplicates are stored once; a different batch under the same key is a conflict")
    func deduplication() async throws {
        let server = try Fixture.server()
        defer { server.stop() }
        let transport = Transport(baseURL: server.baseURL, policy: .none)
        let batch = Fixture.batch(sequence: 0)
        let first = await transport.send(try ReferenceAdapter().request(for: batch))
        let again = await transport.send(try ReferenceAdapter().request(for: batch))
        #expect(String(decoding: first.responseBody, as: UTF8.self) == #"{"status":"stored"}"#)
        #expect(String(decoding: again.responseBody, as: UTF8.self) == #"{"status":"duplicate"}"#)
        var changed = batch
        changed.events.removeLast()
        let conflict = await transport.send(try ReferenceAdapter().request(for: changed))
        #expect(conflict.finalStatus == 409)
        #expect(try await ReferenceReadBack(baseURL: server.baseURL).batches(session: "sess-1").count == 1)
    }

    @Test("tokens are required when set, and compared exactly")
    func tokens() async throws {
        let server = try Fixture.server(ingestToken: "in-secret", readToken: "read-secret")
        defer { server.stop() }
        let transport = Transport(baseURL: server.baseURL, policy: .none)
        let batch = Fixture.batch(sequence: 0)
        #expect(await transport.send(try ReferenceAdapter().request(for: batch)).finalStatus == 401)
        #expect(await transport.send(try ReferenceAdapter(token: "in-secreT").request(for: batch)).finalStatus == 401)
        #expect(await transport.send(try ReferenceAdapter(token: "in-secret").request(for: batch)).finalStatus == 200)
        await #expect(throws: ReadBackError.self) { try await ReferenceReadBack(baseURL: server.baseURL, token: "in-secret").batches(session: "sess-1") }
        #expect(try await ReferenceReadBack(baseURL: server.baseURL, token: "read-secret").batches(session: "sess-1").count == 1)
        #expect(ConstantTime.equals("abc", "abc") && !ConstantTime.equals("abc", "abd") && !ConstantTime.equals("abc", "abcd"))
    }

    @Test("everything acknowledged survives a restart; erasure too")
    func restart() async throws {
        let directory = Fixture.temporaryDirectory()
        var server = try ReferenceServer.start(.init(dataDirectory: directory))
        let outcome = try await IngestRun.deliver(Fixture.session("sess-a", distinct: "va") + Fixture.session("sess-b", distinct: "vb"), to: .reference(server))
        #expect(outcome.findings.isEmpty)
        #expect(try await ReferenceReadBack(baseURL: server.baseURL).erase(visitor: "vb") == 200)
        server.stop()
        server = try ReferenceServer.start(.init(dataDirectory: directory))
        defer { server.stop() }
        let readBack = ReferenceReadBack(baseURL: server.baseURL)
        #expect(try await readBack.sessions() == ["sess-a"])
        #expect(try await readBack.batches(session: "sess-a").map(\.sequence) == [0, 1, 2, 3])
    }

    @Test("a torn last log line is cut off on start; a damaged middle line refuses to start")
    func tornLog() throws {
        let directory = Fixture.temporaryDirectory()
        do {
            let store = try BatchStore(directory: directory)
            _ = try store.put(Fixture.batch(sequence: 0))
            _ = try store.put(Fixture.batch(sequence: 1))
        }
        let log = directory + "/batches.log"
        var bytes = [UInt8](FileManager.default.contents(atPath: log)!)
        bytes += Array(#"{"batch":{"sessionId":"half"#.utf8)
        #expect(FileManager.default.createFile(atPath: log, contents: Data(bytes)))
        let reopened = try BatchStore(directory: directory)
        #expect(try reopened.all().map(\.sequence) == [0, 1])
        #expect(try reopened.put(Fixture.batch(sequence: 2)) == .stored)
        let lines = String(decoding: FileManager.default.contents(atPath: log)!, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        // Damage in the middle is not silently skipped.
        var damaged = [UInt8](FileManager.default.contents(atPath: log)!)
        damaged[10] = UInt8(ascii: "#")
        #expect(FileManager.default.createFile(atPath: log, contents: Data(damaged)))
        #expect(throws: StoreError.self) { _ = try BatchStore(directory: directory) }
    }

    @Test("a client that sends too slowly is cut off with 408")
    func slowClient() throws {
        let server = try Fixture.server { $0.limits.readTimeoutSeconds = 0.3; $0.limits.requestDeadlineSeconds = 0.6 }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        let response = client.readResponse()
        client.close()
        #expect(response?.status == 408)
    }

    @Test("connections over the limit get 503")
    func connectionLimit() throws {
        let server = try Fixture.server { $0.limits.maximumConnections = 2 }
        defer { server.stop() }
        let a = try RawClient(port: server.port), b = try RawClient(port: server.port)
        a.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); _ = a.readResponse()
        b.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); _ = b.readResponse()
        let c = try RawClient(port: server.port)
        #expect(c.readResponse()?.status == 503)
        a.close(); b.close(); c.close()
    }

    @Test("read-back is sorted by (window, sequence, page) whatever the arrival order")
    func readBackOrder() async throws {
        let server = try Fixture.server()
        defer { server.stop() }
        let batches = Fixture.session(count: 5)
        let outcome = try await IngestRun.deliver([batches[3], batches[0], batches[4], batches[2], batches[1]], to: .reference(server))
        #expect(outcome.storedBack.map(\.sequence) == [0, 1, 2, 3, 4])
        #expect(outcome.findings.isEmpty)
    }
}

@Suite("Data directory")
struct DataDirectoryTests {
    @Test("two servers never share a data directory; a stopped server lets the next one in")
    func exclusive() throws {
        let directory = Fixture.temporaryDirectory()
        let first = try ReferenceServer.start(.init(dataDirectory: directory))
        let refused = #expect(throws: StoreError.self) { try ReferenceServer.start(.init(dataDirectory: directory)) }
        #expect(refused?.description == "the data directory \(directory) is in use by another server")
        first.stop()
        let second = try ReferenceServer.start(.init(dataDirectory: directory))
        second.stop()
    }
}
