import Goldens
import Foundation
import Harness
import HarnessCLI
import Ingest
import IngestServer
import Reports
import Simulation
import Testing
import _TestSupport

/// The main job end to end: every scenario against the embedded reference server, and each fault mode caught.
@Suite("run", .serialized)
struct ScenarioRunTests {
    static let scenarios = RepositoryFiles.scenarios

    static func scenarioFile(_ name: String) -> String {
        scenarios.appendingPathComponent(name + ".scenario").path
    }

    /// A golden store over the repository's goldens that never writes, wherever the tests run.
    static func goldens() -> GoldenStore {
        GoldenStore(root: RepositoryFiles.goldens, artifacts: FileManager.default.temporaryDirectory.appendingPathComponent("harness-test-artifacts"),
                    mode: .never, isCI: true)
    }

    /// Runs scenarios against a fresh embedded server with `faults`; retries wait 1/1000 of their real backoff.
    static func run(_ names: [String], faults: [String] = [], timeout: Double = 10, options: SimulatorOptions = SimulatorOptions()) async throws -> [ScenarioResult] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harness-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReferenceServer.start(.init(dataDirectory: folder.path, faults: try faults.map { try FaultMode.parse($0).get() }))
        defer { server.stop() }
        var policy = RetryPolicy.standard
        policy.timeScale = 0.001
        var target = IngestTarget.reference(server, retryPolicy: policy)
        target.requestTimeoutSeconds = timeout
        var runner = ScenarioRunner(target: target, goldens: goldens())
        runner.simulatorOptions = options
        var results: [ScenarioResult] = []
        for name in names { results.append(await runner.run(file: scenarioFile(name))) }
        return results
    }

    static var allScenarioNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? [])
            .filter { $0.hasSuffix(".scenario") }.map { String($0.dropLast(".scenario".count)) }.sorted()
    }

    @Test("every scenario passes against the embedded reference server")
    func everyScenarioPasses() async throws {
        let names = Self.allScenarioNames
        #expect(names.count >= 10)
        for result in try await Self.run(names) {
            #expect(result.passed, "\(result.slug):\n\(result.failures.map(\.description).joined(separator: "\n"))")
            #expect(result.batchesStored > 0)
        }
    }

    struct FaultCase: Sendable, CustomTestStringConvertible {
        var fault: String
        var scenario: String
        var kind: ScenarioFailure.Kind
        var detail: String
        var timeout = 10.0
        var testDescription: String { "\(fault) is caught as \(kind.rawValue) (\(detail))" }
    }

    /// Every fault mode of the reference server, with a scenario it breaks and the failure that must name it.
    static let faultCases: [FaultCase] = [
        FaultCase(fault: "drop=1", scenario: "js-errors", kind: .delivery, detail: "lost:"),
        FaultCase(fault: "duplicate=1", scenario: "js-errors", kind: .delivery, detail: "duplicated:"),
        FaultCase(fault: "reorder=1", scenario: "browse-catalog", kind: .delivery, detail: "reordered:"),
        FaultCase(fault: "delay=2000", scenario: "js-errors", kind: .delivery, detail: "stored-without-ack:", timeout: 0.5),
        FaultCase(fault: "5xx=1", scenario: "js-errors", kind: .endpoint, detail: "answered 503"),
        FaultCase(fault: "429=1", scenario: "js-errors", kind: .endpoint, detail: "answered 429"),
        FaultCase(fault: "lose-ack=1", scenario: "js-errors", kind: .delivery, detail: "stored-without-ack:"),
        FaultCase(fault: "leak", scenario: "shared-computer", kind: .canaryLeak, detail: "found"),
        FaultCase(fault: "leak", scenario: "api-auth-headers", kind: .redaction, detail: "redaction profile says it redacts 'authorization'"),
        FaultCase(fault: "link", scenario: "two-unrelated-sites", kind: .linkage, detail: "are linkable"),
        // The server stores the address it is told (carol's ip, sent as X-Forwarded-For), not the loopback peer.
        FaultCase(fault: "link-ip", scenario: "two-unrelated-sites", kind: .linkage, detail: "'192.0.2.44' is stored as IP address at .events["),
        FaultCase(fault: "link-token", scenario: "two-unrelated-sites", kind: .linkage, detail: ".data.payload.syncId"),
        FaultCase(fault: "ignore-erasure", scenario: "js-errors", kind: .erasure, detail: "still holds"),
    ]

    @Test("each fault mode of the server fails the run with the matching reason", arguments: faultCases)
    func faultIsCaught(_ example: FaultCase) async throws {
        let clean = try await Self.run([example.scenario])
        #expect(clean[0].passed, "without the fault, \(example.scenario) passes: \(clean[0].failures)")
        let faulty = try await Self.run([example.scenario], faults: [example.fault], timeout: example.timeout)
        let matching = faulty[0].failures.filter { $0.kind == example.kind && $0.message.contains(example.detail) }
        #expect(!matching.isEmpty, "\(example.fault) should fail \(example.scenario) with \(example.kind.rawValue) '\(example.detail)', got: \(faulty[0].failures)")
    }

    @Test("an unpartitioned third-party cookie links two unrelated sites and the check says so; partitioned or blocked, it does not")
    func thirdPartyCookieJar() async throws {
        for policy in [ThirdPartyCookiePolicy.partitioned, .blocked, .unpartitioned] {
            let result = try #require(try await Self.run(["two-unrelated-sites"], options: SimulatorOptions(thirdPartyCookies: policy)).first)
            let links = result.failures.filter { $0.kind == .linkage }.map(\.message)
            if policy == .unpartitioned {
                #expect(links.count == 1 && links[0].hasPrefix("visits to shop.example and news.other are linkable: '")
                        && links[0].hasSuffix("' is stored as cookie collector_uid sent to the collector on site A and as cookie collector_uid sent to the collector on site B"), "\(links)")
            } else {
                #expect(result.passed, "\(policy): \(result.failures)")
            }
        }
    }

    @Test("third-party-cookies unpartitioned in the scenario itself links the two sites")
    func cookieJarInScenario() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harness-jar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("Scenarios/two-unrelated-sites.scenario"), encoding: .utf8)
        let file = folder.appendingPathComponent("two-unrelated-sites.scenario")
        try original.replacingOccurrences(of: "seed 1001\n", with: "seed 1001\nthird-party-cookies unpartitioned\n").write(to: file, atomically: true, encoding: .utf8)
        let server = try ReferenceServer.start(.init(dataDirectory: folder.appendingPathComponent("data").path))
        defer { server.stop() }
        let result = await ScenarioRunner(target: .reference(server), goldens: Self.goldens()).run(file: file.path)
        let links = result.failures.filter { $0.kind == .linkage }.map(\.message)
        #expect(links.count == 1 && links[0].contains("cookie collector_uid sent to the collector"), "\(result.failures)")
    }

    @Test("identify with a canary email and expect no-canary-leaks: the identify id is stored by design (so alone it leaves nothing to check), a typed one still leaks")
    func identifyCanary() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harness-identify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func scenario(typing: Bool) -> String {
            """
            scenario "identify canary"
            seed 5
            masking raw
            page "https://shop.example/"
              html <<<
                <input id="q">
              >>>
            visit "https://shop.example/"
            identify "{canary email:account}"
            \(typing ? "type \"#q\" canary email" : "click \"#q\"")
            expect no-canary-leaks
            """
        }
        for typing in [false, true] {
            let file = folder.appendingPathComponent("identify-\(typing).scenario")
            try scenario(typing: typing).write(to: file, atomically: true, encoding: .utf8)
            let server = try ReferenceServer.start(.init(dataDirectory: folder.appendingPathComponent("data-\(typing)").path, faults: [FaultMode(.leak)]))
            defer { server.stop() }
            let result = await ScenarioRunner(target: .reference(server), goldens: Self.goldens(), checksErasure: false).run(file: file.path)
            let leaks = result.failures.filter { $0.kind == .canaryLeak }
            #expect(result.failures.allSatisfy { [.canaryLeak, .golden, .redaction, .nothingChecked].contains($0.kind) }, "\(result.failures)")
            // Only the identify id is planted when nothing is typed, and it may be stored: nothing is left to look for.
            #expect(result.failures.contains { $0.kind == .nothingChecked } != typing, "typing \(typing): \(result.failures)")
            #expect(result.batchesStored > 0)
            #expect(leaks.isEmpty != typing, "typing \(typing): \(result.failures)")
            #expect(!leaks.contains { $0.message.contains("identify userId") }, "\(leaks)")
        }
    }

    @Test("expect masked: masked text and typed values pass; the same text unmasked, or a server that stops redacting, fails naming the path")
    func expectMasked() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harness-masked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func scenario(masksText: Bool) -> String {
            """
            scenario "masked selector"
            seed 9
            \(masksText ? "masking\n  mask-text \"#account\"" : "")
            page "https://bank.example/"
              html <<<
                <p id="account">Account 99812-XY-4471</p><input id="ssn">
              >>>
            visit "https://bank.example/"
            type "#ssn" "078-05-1120"
            expect masked "#account"
            expect masked "#ssn"
            """
        }
        for (masksText, faults) in [(true, [FaultMode]()), (false, []), (true, [FaultMode(.leak)])] {
            let file = folder.appendingPathComponent("masked-\(masksText)-\(faults.count).scenario")
            try scenario(masksText: masksText).write(to: file, atomically: true, encoding: .utf8)
            let server = try ReferenceServer.start(.init(dataDirectory: folder.appendingPathComponent("data-\(masksText)-\(faults.count)").path, faults: faults))
            defer { server.stop() }
            let result = await ScenarioRunner(target: .reference(server), goldens: Self.goldens(), checksErasure: false).run(file: file.path)
            let masked = result.failures.filter { $0.kind == .canaryLeak }.map(\.message)
            #expect(result.batchesStored > 0)
            if masksText && faults.isEmpty {
                #expect(masked.isEmpty, "\(result.failures)")
            } else if !masksText {
                #expect(masked.count >= 1 && masked.allSatisfy { $0.hasPrefix("expect masked #account: value of #account canary 'Account 99812-XY-4471' found") }, "\(masked)")
            } else {
                #expect(masked.contains { $0.hasPrefix("expect masked #ssn: value of #ssn canary '078-05-1120' found") && $0.contains("capture path input") }, "\(masked)")
            }
        }
    }

    @Test("expect erased: one person erased leaves nothing of theirs and keeps the other's data; a server that ignores erasure fails")
    func expectErased() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harness-erased-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("erased.scenario")
        let text = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("Scenarios/shared-computer.scenario"), encoding: .utf8) + "expect erased \"mia\"\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        for faults in [[FaultMode](), [FaultMode(.ignoreErasure)]] {
            let server = try ReferenceServer.start(.init(dataDirectory: folder.appendingPathComponent("data-\(faults.count)").path, faults: faults))
            defer { server.stop() }
            let result = await ScenarioRunner(target: .reference(server), goldens: Self.goldens(), checksErasure: false).run(file: file.path)
            let erased = result.failures.filter { $0.kind == .erasure }.map(\.message)
            if faults.isEmpty {
                #expect(result.failures.allSatisfy { $0.kind == .golden }, "\(result.failures)")
                // Noah's data is still there: erasure erased one person, not everything.
                #expect(try await ReferenceReadBack(baseURL: server.baseURL).sessions().count == 1)
            } else {
                #expect(!erased.isEmpty && erased.allSatisfy { $0.hasPrefix("expect erased mia: session ") && $0.contains("still holds") }, "\(erased)")
            }
        }
    }

    @Test("when nothing is stored, the checks that would have found nothing say so and fail instead of passing")
    func nothingStoredIsNothingChecked() async throws {
        let result = try #require(try await Self.run(["two-unrelated-sites"], faults: ["drop"]).first)
        let unchecked = result.failures.filter { $0.kind == .nothingChecked }.map(\.message)
        #expect(unchecked == [
            "canary scan: read back 0 batches, so none of 3 planted values was looked for",
            "expect unlinkable https://shop.example/account https://news.other/: no stored batch visits https://shop.example/account, so nothing was compared",
            "erasure: read back 0 batches before erasing, so nothing could be shown erased",
        ])
        #expect(!result.failures.contains { $0.kind == .canaryLeak || $0.kind == .linkage || $0.kind == .erasure })
    }

    @Test("a golden mismatch is reported with a structural summary and the actual file")
    func goldenMismatch() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harness-golden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let golden = folder.appendingPathComponent("golden/js-errors")
        try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.goldens.appendingPathComponent("js-errors").path) {
            try FileManager.default.copyItem(at: RepositoryFiles.goldens.appendingPathComponent("js-errors/\(name)"), to: golden.appendingPathComponent(name))
        }
        let timeline = golden.appendingPathComponent("timeline.json")
        let edited = try String(contentsOf: timeline, encoding: .utf8).replacingOccurrences(of: "\"kind\": \"error\"", with: "\"kind\": \"warning\"")
        try edited.write(to: timeline, atomically: true, encoding: .utf8)
        let store = GoldenStore(root: folder.appendingPathComponent("golden"), artifacts: folder.appendingPathComponent("artifacts"), mode: .never, isCI: true)
        let server = try ReferenceServer.start(.init(dataDirectory: folder.appendingPathComponent("data").path))
        defer { server.stop() }
        let result = await ScenarioRunner(target: .reference(server), goldens: store).run(file: Self.scenarioFile("js-errors"))
        let mismatches = result.failures.filter { $0.kind == .golden }
        #expect(mismatches.count == 1)
        #expect(mismatches.first?.message.contains("timeline.json does not match") == true)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("artifacts/js-errors/timeline.json").path))
    }
}
