import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Goldens
import Harness
import Ingest
import Reports
import Testing
import _TestSupport

/// tinyreplay, a third-party-style server nobody wrote an adapter for, driven by its target configuration alone.
///
/// It assigns its own recording ids, paginates, needs a key per site and checks
/// `Origin`, and answers 204 to everything, accepted or not: only read-back and
/// delivery accounting can tell what it kept (`Tests/Targets/README.md`).
@Suite("tinyreplay through a target configuration", .serialized)
struct TinyReplayTargetTests {
    static let folder = RepositoryFiles.root.appendingPathComponent("Tests/Targets/tinyreplay")

    /// The server on a free loopback port, stopped by `stop()`.
    struct Server {
        let process: Process
        let url: URL

        static func start(_ arguments: [String] = []) throws -> Server {
            let script = TinyReplayTargetTests.folder.appendingPathComponent("server.py").path
            let (process, url) = try ListeningProcess.start(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, "--port", "0"] + arguments)
            return Server(process: process, url: url)
        }

        /// Kills the server: the run's keep-alive connections may still be open, and nothing here tests a graceful stop.
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func run(_ scenarios: [String], on server: Server) async throws -> [ScenarioResult] {
        var target = try IngestTarget.named("generic", endpoint: server.url,
                                            settings: ["config": folder.appendingPathComponent("tinyreplay.json").path])
        target.retryPolicy.timeScale = 0.001
        let goldens = GoldenStore(root: RepositoryFiles.goldens.appendingPathComponent("targets/tinyreplay"),
                                  artifacts: FileManager.default.temporaryDirectory.appendingPathComponent("tinyreplay-artifacts"), mode: .never, isCI: true)
        let runner = ScenarioRunner(target: target, goldens: goldens, idSuffix: "t" + String(UInt32.random(in: 0...UInt32.max), radix: 36))
        var results: [ScenarioResult] = []
        for name in scenarios { results.append(await runner.run(file: RepositoryFiles.scenarios.appendingPathComponent(name + ".scenario").path)) }
        return results
    }

    static var allScenarios: [String] { RepositoryFiles.scenarioNames.map { String($0.dropLast(".scenario".count)) } }

    @Test("every scenario passes; the raw one shows the leak a server without redaction must show")
    func everyScenario() async throws {
        let server = try Server.start()
        defer { server.stop() }
        let results = try await Self.run(Self.allScenarios, on: server)
        #expect(results.count >= 15)
        for result in results {
            #expect(result.batchesStored > 0, "\(result.slug) stored nothing")
            if result.slug == "shared-computer" {
                // Its masking is raw and it expects no canary leaks: a test of server-side redaction,
                // which tinyreplay does not do (its configuration says so), so the leak is the finding.
                #expect(!result.failures.isEmpty && result.failures.allSatisfy { $0.kind == .canaryLeak }, "\(result.failures)")
            } else {
                #expect(result.passed, "\(result.slug):\n\(result.failures.map(\.description).joined(separator: "\n"))")
            }
        }
        // The promises that need the server's own ids mapped back: unlinkable across its two sites, one session across subdomains.
        #expect(results.first { $0.slug == "two-unrelated-sites" }?.passed == true)
        #expect(results.first { $0.slug == "subdomain-hop" }?.passed == true)
    }

    @Test("chunks it drops while answering 204 are reported lost: acknowledgement proved nothing")
    func silentDropsAreLost() async throws {
        // The news site's key is registered for another origin, so every chunk from news.other is dropped, each answered 204.
        let server = try Server.start(["--sites", #"{"pk_shop": ["https://shop.example"], "pk_news": ["https://elsewhere.example"]}"#])
        defer { server.stop() }
        let result = try #require(try await Self.run(["two-unrelated-sites"], on: server).first)
        let lost = result.failures.filter { $0.kind == .delivery && $0.message.hasPrefix("lost:") }
        #expect(lost.count == 3, "\(result.failures.map(\.description))")
    }
}
