import Foundation
import Goldens
import Harness
import IngestServer
import Markup
import Reports
import ScenarioLanguage
import SessionModel
import Simulation
import Testing
import _TestSupport

/// The simulator's, the server's and the checks' limits agree: the deepest page a scenario may have goes all the way.
@Suite("deepest page end to end")
struct DeepPageRunTests {
    @Test("a page 256 elements deep is sent, stored, read back, replayed and checked, and matches its golden on a second run")
    func deepestPageRuns() async throws {
        let depth = UploadBatch.deepestPage
        #expect(depth == HTMLParser.maximumDepth)
        let page = String(repeating: "<div>", count: depth - 1) + #"<div id="deep">bottom</div>"# + String(repeating: "</div>", count: depth - 1)
        let scenario = try Scenario(parsing: """
            scenario "deepest page"
            seed 3
            page "https://a.example/"
              html <<<
                <button id="b">B</button>
                \(page)
              >>>
            visit "https://a.example/"
            click "#b"
            set-text "#deep" "changed"
            """, file: "deep.scenario")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deep-page-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let goldens = GoldenStore(root: folder.appendingPathComponent("golden"), artifacts: folder.appendingPathComponent("artifacts"), mode: .missing, isCI: false)
        func run(_ attempt: String) async throws -> ScenarioResult {
            let server = try ReferenceServer.start(.init(dataDirectory: folder.appendingPathComponent("data-" + attempt).path))
            defer { server.stop() }
            return await ScenarioRunner(target: .reference(server), goldens: goldens).run(scenario, slug: "deepest-page")
        }
        let first = try await run("first")
        #expect(!first.failures.isEmpty && first.failures.allSatisfy { $0.kind == .golden && $0.message.contains("recorded a new golden") }, "\(first.failures)")
        #expect(first.batchesStored == first.batchesSent && first.batchesSent > 0)
        let second = try await run("second")
        #expect(second.passed, "\(second.failures)")
        // What generate writes for it reads back too: inspect and replay use the JSON reader's default depth.
        let simulation = try Simulator(scenario: scenario).run()
        let report = RecordingInspector.inspect(simulation.sessions[0].recording(style: .pretty))
        #expect(report.isClean, "\(report.problems)")
    }
}
