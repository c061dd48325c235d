import _TestSupport
import Foundation
import Ingest
@testable import Load
import ScenarioLanguage
import Testing

/// Each arrival is a simulation of its own: its own behaviour and ids, the same bytes every time for the same seed and number.
@Suite struct ScenarioSessionSourceTests {
    static func source(seed: UInt64) throws -> ScenarioSessionSource {
        let scenario = try Scenario(parsing: RepositoryFiles.scenarioText("rage-clicks.scenario"), file: "rage-clicks.scenario")
        let endpoint = URL(string: "http://127.0.0.1:9/")!
        return try ScenarioSessionSource(scenarios: [scenario], adapter: IngestTarget.named("posthog", endpoint: endpoint, settings: [:]).adapter,
                                         endpoint: endpoint, timeScale: 1, seed: seed)
    }

    @Test func theSameArrivalGivesTheSameBytes() throws {
        let first = try Self.source(seed: 7).requests(forSession: 3)
        let again = try Self.source(seed: 7).requests(forSession: 3)
        #expect(first.map(\.bytes) == again.map(\.bytes))
        #expect(first.map(\.offset) == again.map(\.offset))
    }

    @Test func arrivalsBehaveDifferentlyNotOnlyWithOtherIds() throws {
        let source = try Self.source(seed: 7)
        // Uploads fall at other moments and carry other amounts: the simulated person moved, typed and waited otherwise.
        let shapes = try (0..<8).map { number in
            try source.requests(forSession: number).map { "\($0.offset)/\($0.uncompressedBodyBytes)" }
        }
        #expect(Set(shapes).count > 1, "eight arrivals with one shape: \(shapes[0])")
        #expect(source.arrivalSeed(0) != source.arrivalSeed(1))
        #expect(try Self.source(seed: 8).arrivalSeed(0) != source.arrivalSeed(0))
    }

    @Test("every upload carries its person's address as X-Forwarded-For, as run sends it")
    func uploadsCarryTheClientIP() throws {
        let scenario = try Scenario(parsing: RepositoryFiles.scenarioText("browse-catalog.scenario"), file: "browse-catalog.scenario")
        let endpoint = URL(string: "http://127.0.0.1:9/")!
        let source = try ScenarioSessionSource(scenarios: [scenario], adapter: IngestTarget.named("reference", endpoint: endpoint, settings: [:]).adapter,
                                               endpoint: endpoint, timeScale: 1, seed: 1)
        let requests = try source.requests(forSession: 0)
        #expect(!requests.isEmpty)
        for request in requests {
            #expect(String(decoding: request.bytes, as: UTF8.self).contains("\r\nX-Forwarded-For: 198.51.100.23\r\n"))
        }
    }
}
