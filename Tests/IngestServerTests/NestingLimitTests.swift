import Foundation
@testable import IngestServer
import Ingest
import Markup
import SessionModel
import Testing
import _TestSupport

@Suite("Nesting limits")
struct NestingLimitTests {
    /// A batch whose full snapshot holds a page `depth` elements deep.
    static func deepBatch(depth: Int) throws -> UploadBatch {
        var node: JSONValue = ["type": 3, "id": .integer(Int64(depth + 2)), "textContent": "bottom"]
        for level in stride(from: depth, through: 1, by: -1) {
            node = ["type": 2, "id": .integer(Int64(level + 1)), "tagName": "div", "attributes": [:], "childNodes": [node]]
        }
        let document: JSONValue = ["type": 0, "id": 1, "childNodes": [node]]
        let snapshot = try Event(json: ["type": 2, "timestamp": 1_700_000_000_000, "data": ["node": document, "initialOffset": ["left": 0, "top": 0]]])
        return Fixture.batch(sequence: 0, extraEvents: [snapshot])
    }

    @Test("a page as deep as the HTML parser allows is accepted, stored and survives a restart")
    func deepestPageAccepted() throws {
        let directory = Fixture.temporaryDirectory()
        var server = try ReferenceServer.start(.init(dataDirectory: directory))
        let response = try ServerDefenceTests.send(ServerDefenceTests.post(try Self.deepBatch(depth: HTMLParser.maximumDepth)), port: server.port)
        #expect(response?.status == 200, "\(response?.body ?? "no answer")")
        server.stop()
        server = try ReferenceServer.start(.init(dataDirectory: directory))
        defer { server.stop() }
        #expect(try server.store.all().count == 1)
    }

    @Test("the reference read-back reads the deepest page back, and the simulator's and server's limits are one")
    func deepestPageReadBack() async throws {
        #expect(UploadBatch.deepestPage == HTMLParser.maximumDepth)
        let server = try ReferenceServer.start(.init(dataDirectory: Fixture.temporaryDirectory()))
        defer { server.stop() }
        let batch = try Self.deepBatch(depth: HTMLParser.maximumDepth)
        let response = try ServerDefenceTests.send(ServerDefenceTests.post(batch), port: server.port)
        #expect(response?.status == 200, "\(response?.body ?? "no answer")")
        let stored = try await ReferenceReadBack(baseURL: server.baseURL).batches(session: batch.sessionId)
        #expect(stored.count == 1)
    }

    @Test("a body nested past the server's limit gets 400 naming the limit, and nothing is stored")
    func tooDeepRefused() throws {
        let server = try Fixture.server { $0.limits.maximumJSONDepth = HTTPLimits.pageJSONDepth(elements: 8) }
        defer { server.stop() }
        let response = try ServerDefenceTests.send(ServerDefenceTests.post(try Self.deepBatch(depth: 40)), port: server.port)
        #expect(response?.status == 400)
        #expect(response?.body.contains("nesting is deeper than \(HTTPLimits.pageJSONDepth(elements: 8)) levels") == true)
        #expect(try server.store.all().isEmpty)
    }
}
