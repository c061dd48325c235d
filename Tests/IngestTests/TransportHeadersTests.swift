import Foundation
import Testing
@testable import Ingest
@testable import IngestServer
#if canImport(Glibc)
import Glibc
import _TestSupport
#endif

@Suite("Transport headers")
struct TransportHeadersTests {
    @Test("the request carries the scenario's Origin and User-Agent, and the adapter's headers and body, as given")
    func headers() async throws {
        let server = try Fixture.server()
        defer { server.stop() }
        let recorder = HeadRecorder()
        server.observe = { request in recorder.record(request) }
        var batch = Fixture.batch(sequence: 0)
        batch.userAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15"
        batch.origin = "https://checkout.shop.example"
        let report = await Transport(baseURL: server.baseURL, policy: .none).send(try ReferenceAdapter().request(for: batch))
        #expect(report.acknowledged)
        let request = try #require(recorder.requests.first)
        #expect(request.header("Origin") == "https://checkout.shop.example")
        #expect(request.header("User-Agent") == batch.userAgent)
        #expect(request.header("Content-Encoding") == "gzip")
        #expect(request.body == batch.canonicalBytes)
    }
}

final class HeadRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [HTTPRequest] = []
    func record(_ request: HTTPRequest) { lock.lock(); seen.append(request); lock.unlock() }
    var requests: [HTTPRequest] { lock.lock(); defer { lock.unlock() }; return seen }
}
