import Checks
import Foundation
import Harness
import IngestServer
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

    @Test("cookies off parses and prints back")
    func roundTrip() throws {
        let scenario = try Scenario(parsing: Self.scenario(cookies: "off"))
        #expect(scenario.persons.first?.cookiesEnabled == false)
        let printed = ScenarioPrinter.print(scenario)
        #expect(printed.contains("  cookies off"))
        #expect(try Scenario(parsing: ScenarioPrinter.print(scenario)) == scenario)
    }
}
