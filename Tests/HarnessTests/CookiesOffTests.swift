import Checks
import Foundation
import Goldens
import Harness
import IngestServer
import Reports
import ScenarioLanguage
import Simulation
import Testing

@Suite("person with cookies off")
struct CookiesOffTests {
    static func scenario(cookies: String) -> String {
        """
        scenario "cookies \(cookies)"
        seed 4
        person "dana"
          cookies \(cookies)
        page "https://shop.example/a"
          html <<<
            <a id="next" href="/b">next</a>
          >>>
        page "https://shop.example/b"
          html <<<
            <p>b</p>
          >>>
        visit "https://shop.example/a"
        wait 2s
        visit "https://shop.example/b"
        wait 2s
        visit "https://shop.example/a"
        """
    }

    /// The links between every two visits, as stored by the embedded reference server.
    static func linksBetweenVisits(cookies: String) async throws -> [[LinkageCheck.Link]] {
        let simulation = try Simulator(scenario: try Scenario(parsing: scenario(cookies: cookies))).run()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cookies-off-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReferenceServer.start(.init(dataDirectory: folder.path))
        defer { server.stop() }
        let outcome = try await IngestRun.deliver(UploadPlan(simulation).batches, to: .reference(server))
        let pageIds = simulation.sessions.flatMap { $0.windows.flatMap { $0.pages.map(\.pageId) } }
        #expect(pageIds.count == 3)
        let visits = pageIds.map { id in outcome.storedBack.filter { $0.pageId == id } }
        #expect(visits.allSatisfy { !$0.isEmpty })
        var links: [[LinkageCheck.Link]] = []
        for first in visits.indices {
            for second in visits.indices where second > first { links.append(LinkageCheck.links(siteA: visits[first], siteB: visits[second])) }
        }
        return links
    }

    @Test("with cookies off no two visits link, even on one site; with cookies on they do (the control)")
    func noVisitLinks() async throws {
        let off = try await Self.linksBetweenVisits(cookies: "off")
        #expect(off.allSatisfy { $0.isEmpty }, "\(off)")
        let on = try await Self.linksBetweenVisits(cookies: "on")
        #expect(on.allSatisfy { !$0.isEmpty }, "\(on)")
    }

    /// The failures of a run of the scenario with `expect not-identified "dana"` against a fresh reference server.
    static func notIdentified(cookies: String) async throws -> [ScenarioFailure] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("not-identified-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReferenceServer.start(.init(dataDirectory: folder.appendingPathComponent("data").path))
        defer { server.stop() }
        let goldens = GoldenStore(root: folder.appendingPathComponent("golden"), artifacts: folder.appendingPathComponent("artifacts"), mode: .never, isCI: true)
        let scenario = try Scenario(parsing: scenario(cookies: cookies) + "\nexpect not-identified \"dana\"\n")
        let result = await ScenarioRunner(target: .reference(server), goldens: goldens, checksErasure: false).run(scenario, slug: "not-identified")
        return result.failures.filter { $0.kind != .golden }
    }

    @Test("expect not-identified holds with cookies off and fails when the browser keeps the SDK's cookie")
    func expectNotIdentified() async throws {
        let off = try await Self.notIdentified(cookies: "off")
        #expect(off.isEmpty, "\(off)")
        // Cookies on stands for a profile that wrongly keeps the SDK's cookie: its visitor id links every visit.
        let on = try await Self.notIdentified(cookies: "on")
        #expect(on.count == 3 && on.allSatisfy { $0.kind == .linkage }, "\(on)")
        #expect(on.first?.message.hasPrefix("expect not-identified dana: visit 1 (https://shop.example/a) and visit 2 (https://shop.example/b) are linkable: '") == true, "\(on)")
    }

    @Test("cookies off parses and prints back")
    func roundTrip() throws {
        let scenario = try Scenario(parsing: Self.scenario(cookies: "off"))
        #expect(scenario.persons.first?.cookiesEnabled == false)
        let printed = ScenarioPrinter.print(scenario)
        #expect(printed.contains("  cookies off"))
        #expect(try Scenario(parsing: ScenarioPrinter.print(scenario)) == scenario)
    }
}
