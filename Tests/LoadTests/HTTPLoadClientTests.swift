import _TestSupport
import Foundation
import LoadHTTP
import Testing

@Suite struct HTTPLoadClientTests {
    static let request = Array("POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc".utf8)

    /// Sends `count` requests one after another and returns how each ended.
    static func exchange(port: UInt16, count: Int, timeout: UInt64 = 2_000_000) async throws -> (results: [CompletedRequest], opened: Int) {
        try await offThePool { try blockingExchange(port: port, count: count, timeout: timeout) }
    }

    static func blockingExchange(port: UInt16, count: Int, timeout: UInt64) throws -> (results: [CompletedRequest], opened: Int) {
        let client = try HTTPLoadClient(host: "127.0.0.1", port: port, connections: 1, timeoutMicroseconds: timeout)
        var results: [CompletedRequest] = []
        for token in 0..<count {
            guard client.send(request, token: token, now: MonotonicClock.microseconds()), !client.hasFreeConnection else {
                throw POSIXError(.EBUSY)   // the one connection must take the request and then be busy
            }
            let deadline = Date().addingTimeInterval(10)
            while results.count <= token, Date() < deadline { client.poll(waitMicroseconds: 50_000, into: &results) }
        }
        return (results, client.connectionsOpened)
    }

    @Test func keepsOneConnectionAliveAcrossRequests() async throws {
        let endpoint = try StallingEndpoint(stallStart: 3600, stallSeconds: 1)
        defer { endpoint.stop() }
        let (results, opened) = try await Self.exchange(port: endpoint.port, count: 50)
        #expect(results.map(\.status) == Array(repeating: 204, count: 50))
        #expect(results.map(\.token) == Array(0..<50))
        #expect(opened == 1)
        #expect(endpoint.requestCount == 50)
    }

    @Test func reopensAfterTheServerCloses() async throws {
        let endpoint = try HostileEndpoint(.answer(status: 202, headers: [:], body: "ok"))
        defer { endpoint.stop() }
        let (results, opened) = try await Self.exchange(port: endpoint.port, count: 3)
        #expect(results.map(\.status) == [202, 202, 202])
        #expect(opened == 3)
    }

    @Test(arguments: [
        (HostileEndpoint.Behaviour.silent, RequestFailure.timeout), (.reset, .readReset), (.garbage, .protocolError), (.http09, .protocolError),
    ])
    func countsEachFailureByKind(_ behaviour: HostileEndpoint.Behaviour, _ kind: RequestFailure) async throws {
        let endpoint = try HostileEndpoint(behaviour)
        defer { endpoint.stop() }
        let (results, _) = try await Self.exchange(port: endpoint.port, count: 1, timeout: 500_000)
        #expect(results.map(\.failure) == [kind])
        #expect(results.first?.status == 0)
    }

    @Test func aClosedPortIsConnectRefused() async throws {
        let endpoint = try HostileEndpoint(.silent)
        let port = endpoint.port
        endpoint.stop()
        let (results, _) = try await Self.exchange(port: port, count: 1)
        #expect(results.map(\.failure) == [.connectRefused])
    }

    @Test func theDeadlineCoversADrippingAnswer() async throws {
        // One byte every 0.5 s: the whole answer would take about 30 s; the 300 ms deadline ends it.
        let endpoint = try HostileEndpoint(.drip(interval: 0.5))
        defer { endpoint.stop() }
        let (results, _) = try await Self.exchange(port: endpoint.port, count: 1, timeout: 300_000)
        #expect(results.map(\.failure) == [.timeout])
        let took = try #require(results.first.map { $0.completedAt - $0.startedAt })
        #expect(took >= 300_000 && took < 10_000_000, "ended after \(took) µs")
    }
}
