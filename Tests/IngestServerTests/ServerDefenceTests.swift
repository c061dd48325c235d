import Compression
import Foundation
@testable import IngestServer
import SessionModel
import Testing
import _TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite("Reference server defences")
struct ServerDefenceTests {
    /// A raw POST of `body` to `/v1/batches`, gzipped when asked.
    static func post(_ batch: UploadBatch, gzip: Bool = false) -> [UInt8] {
        let body = gzip ? Zlib.compress(batch.canonicalBytes, format: .gzip) : batch.canonicalBytes
        let encoding = gzip ? "Content-Encoding: gzip\r\n" : ""
        return Array("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(encoding)Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    static func send(_ bytes: [UInt8], port: UInt16) throws -> (status: Int, headers: String, body: String)? {
        let client = try RawClient(port: port)
        defer { client.close() }
        client.send(bytes)
        return client.readResponse()
    }

    @Test("a session over its quota gets 413, the store over its total gets 507; nothing refused is stored, even after a restart")
    func quotas() throws {
        let directory = Fixture.temporaryDirectory()
        let lineBytes = Fixture.batch(sequence: 0).canonicalBytes.count + 30
        var configuration = ReferenceServer.Configuration(dataDirectory: directory)
        configuration.quota = StorageQuota(maximumSessionBytes: 3 * lineBytes, maximumTotalBytes: 5 * lineBytes)
        var server = try ReferenceServer.start(configuration)
        for sequence in 0..<3 {
            #expect(try Self.send(Self.post(Fixture.batch(sequence: sequence)), port: server.port)?.status == 200)
        }
        let overSession = try #require(try Self.send(Self.post(Fixture.batch(sequence: 3)), port: server.port))
        #expect(overSession.status == 413)
        #expect(overSession.body.contains("session sess-1 would hold") && overSession.body.contains("per-session quota of \(3 * lineBytes) bytes"))
        #expect(try Self.send(Self.post(Fixture.batch(session: "sess-2", sequence: 0)), port: server.port)?.status == 200)
        #expect(try Self.send(Self.post(Fixture.batch(session: "sess-3", sequence: 0)), port: server.port)?.status == 200)
        let overTotal = try #require(try Self.send(Self.post(Fixture.batch(session: "sess-4", sequence: 0)), port: server.port))
        #expect(overTotal.status == 507)
        #expect(overTotal.headers.hasPrefix("HTTP/1.1 507 Insufficient Storage"))
        #expect(overTotal.body.contains("over the total quota of \(5 * lineBytes) bytes"))
        #expect(try server.store.all().map(\.sessionId) == ["sess-1", "sess-1", "sess-1", "sess-2", "sess-3"])
        // The bytes held are counted again from the log on start.
        server.stop()
        server = try ReferenceServer.start(configuration)
        defer { server.stop() }
        #expect(try Self.send(Self.post(Fixture.batch(sequence: 3)), port: server.port)?.status == 413)
        #expect(try Self.send(Self.post(Fixture.batch(session: "sess-4", sequence: 0)), port: server.port)?.status == 507)
        #expect(try server.store.all().count == 5)
    }

    @Test("a small gzip request counts at its inflated size; erasure gives the bytes back")
    func quotaCountsInflatedBytes() throws {
        let server = try Fixture.server { $0.quota = StorageQuota(maximumSessionBytes: 1 << 20, maximumTotalBytes: 1 << 30) }
        defer { server.stop() }
        let bulky = Fixture.batch(sequence: 0, distinct: "bulky", extraEvents: [Fixture.custom("pad", ["text": .string(String(repeating: "a", count: 2 << 20))], at: 5)])
        let request = Self.post(bulky, gzip: true)
        #expect(request.count < 16 * 1024)
        #expect(try Self.send(request, port: server.port)?.status == 413)
        let half = Fixture.batch(sequence: 0, distinct: "bulky", extraEvents: [Fixture.custom("pad", ["text": .string(String(repeating: "a", count: 600 << 10))], at: 5)])
        #expect(try Self.send(Self.post(half, gzip: true), port: server.port)?.status == 200)
        var second = half
        second.sequence = 1
        #expect(try Self.send(Self.post(second, gzip: true), port: server.port)?.status == 413)
        #expect(try Self.send(Array("DELETE /v1/visitors/bulky HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: server.port)?.body == #"{"erased":1}"#)
        #expect(try Self.send(Self.post(second, gzip: true), port: server.port)?.status == 200)
    }

    @Test("a client trickling its headers is cut off at the header deadline, not the request deadline", .timeLimit(.minutes(1)))
    func slowlorisHeaders() throws {
        let server = try Fixture.server {
            $0.limits.headerDeadlineSeconds = 0.5
            $0.limits.readTimeoutSeconds = 5
            $0.limits.requestDeadlineSeconds = 30
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port, timeoutSeconds: 4)
        defer { client.close() }
        let started = Date()
        let descriptor = client.descriptor
        let trickle = Thread {
            // One header byte every 100 ms: each read succeeds long before the 5 s read timeout.
            for byte in Array("GET /healthz HTTP/1.1\r\nX-Slow: ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 40) {
                guard [byte].withUnsafeBytes({ Glibc.send(descriptor, $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }) == 1 else { return }
                usleep(100_000)
            }
        }
        trickle.start()
        let response = client.readResponse()
        #expect(response?.status == 408)
        #expect(response?.body.contains("request headers took longer than 0.5 s") == true)
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test("slow clients holding every connection do not lock out /healthz; other requests get 503", .timeLimit(.minutes(1)))
    func healthzAlwaysAnswers() throws {
        let server = try Fixture.server {
            $0.limits.maximumConnections = 2
            $0.limits.maximumOverflowConnections = 2
            $0.limits.overflowDeadlineSeconds = 2
        }
        defer { server.stop() }
        let slow = try (0..<2).map { _ in try RawClient(port: server.port) }
        defer { slow.forEach { $0.close() } }
        for client in slow { client.send("POST /v1/batches HTTP/1.1\r\nHost: x\r\n") }
        usleep(100_000)
        let health = try #require(try Self.send(Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: server.port))
        #expect(health.status == 200 && health.body == #"{"status":"ok"}"#)
        let other = try #require(try Self.send(Array("GET /v1/sessions HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: server.port))
        #expect(other.status == 503 && other.body.contains("too many connections: 2 are open"))
    }

    @Test("overflow connections are bounded too: past them a connection gets 503 at once", .timeLimit(.minutes(1)))
    func overflowBounded() throws {
        let server = try Fixture.server {
            $0.limits.maximumConnections = 1
            $0.limits.maximumOverflowConnections = 1
            $0.limits.overflowDeadlineSeconds = 5
        }
        defer { server.stop() }
        let held = try RawClient(port: server.port)
        held.send("GET /healthz HTTP/1.1\r\n")
        usleep(100_000)
        let overflow = try RawClient(port: server.port)
        overflow.send("GET /healthz HTTP/1.1\r\n")
        usleep(100_000)
        let started = Date()
        let refused = try RawClient(port: server.port)
        #expect(refused.readResponse()?.status == 503)
        #expect(Date().timeIntervalSince(started) < 2)
        for client in [held, overflow, refused] { client.close() }
    }
}
