import Foundation
import Goldens
import Harness
import Ingest
import IngestServer
import Reports
import ScenarioLanguage
import Simulation
import Testing

/// A person whose address is an IP canary: sent as X-Forwarded-For, found when a server keeps it, removed by erasure.
@Suite("the client IP canary")
struct ClientIPCanaryTests {
    static let text = """
        scenario "client ip"
        seed 9
        person "carol"
          ip "{canary ip}"
        person "noah"
        page "https://shop.example/"
          html "<p>Shop</p>"
        page "https://news.other/"
          html "<p>News</p>"
        visit "https://shop.example/"
        visit "https://news.other/"
        switch-person "noah"
        visit "https://news.other/"
        expect no-canary-leaks
        expect erased "carol"

        """

    static func run(_ faults: [FaultMode]) async throws -> (failures: [ScenarioFailure], ip: String, seen: [String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("client-ip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReferenceServer.start(.init(dataDirectory: folder.appendingPathComponent("data").path, faults: faults))
        defer { server.stop() }
        let scenario = try Scenario(parsing: text)
        let goldens = GoldenStore(root: folder.appendingPathComponent("golden"), artifacts: folder.appendingPathComponent("artifacts"), mode: .never, isCI: true)
        let result = await ScenarioRunner(target: .reference(server), goldens: goldens, checksErasure: false).run(scenario, slug: "client-ip")
        let simulation = try Simulator(scenario: scenario).run()
        let ip = try #require(simulation.canaries.first { $0.kind == .ip }?.value)
        return (result.failures.filter { $0.kind != .golden }, ip, simulation.canaries.filter { $0.kind == .ip }.map(\.plantedIn))
    }

    @Test("the address is a documentation-range canary planted on each of the person's visits")
    func planted() async throws {
        let simulation = try Simulator(scenario: try Scenario(parsing: Self.text)).run()
        let ip = try #require(simulation.clientIPs["carol"])
        #expect(["192.0.2.", "198.51.100.", "203.0.113."].contains { ip.hasPrefix($0) }, "\(ip)")
        #expect(simulation.canaries.filter { $0.kind == .ip }.map { "\($0.person) \($0.page) \($0.value == ip)" }
                == ["carol https://shop.example/ true", "carol https://news.other/ true"])
        #expect(simulation.clientIPs["noah"] == Person.defaultPerson.ip)
        #expect(UploadPlan(simulation).senders.allSatisfy { $0.clientIP == simulation.clientIPs[$0.person] })
    }

    @Test("a server that stores no client IP passes; one that stores it (link-ip) leaks the canary; erasure removes it")
    func foundWhereStored() async throws {
        let clean = try await Self.run([])
        #expect(clean.failures.isEmpty, "\(clean.failures)")
        let kept = try await Self.run([FaultMode(.linkByIP)])
        // Seen by the endpoint: the server stored the X-Forwarded-For value, which only the client's header carried.
        let leaks = kept.failures.filter { $0.kind == .canaryLeak }.map(\.message)
        #expect(leaks.count == 2, "\(leaks)")
        #expect(leaks.allSatisfy { $0.hasPrefix("ip canary '\(kept.ip)' found in stored batch ") && $0.contains(".data.payload.clientIp), capture path custom event") }, "\(leaks)")
        #expect(!kept.failures.contains { $0.kind == .erasure }, "erasure removes the batches that held it: \(kept.failures)")
    }

    @Test("a server that keeps the IP after erasure is caught, with the IP named")
    func keptAfterErasure() async throws {
        let run = try await Self.run([FaultMode(.linkByIP), FaultMode(.ignoreErasure)])
        let erasure = run.failures.filter { $0.kind == .erasure }.map(\.message)
        #expect(erasure.contains { $0.hasPrefix("expect erased carol: ip canary '\(run.ip)' found in stored batch ") && $0.hasSuffix("(still stored after erasure)") }, "\(erasure)")
    }
}
