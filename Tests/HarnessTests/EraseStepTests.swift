import Foundation
import Goldens
import Harness
import Ingest
import IngestServer
import Reports
import ScenarioLanguage
import Simulation
import Testing

/// `erase "PERSON"` in the middle of a run, against the embedded reference server.
@Suite("the erase step")
struct EraseStepTests {
    /// Carol saves her email, asks to be forgotten, and comes back 40 minutes later (a new session) to save another.
    static let text = """
        scenario "erase midway"
        seed 5
        person "carol"
        person "noah"
        page "https://shop.example/account"
          html <<<
            <form><input id="email" type="email"><button id="save">Save</button></form>
          >>>
        visit "https://shop.example/account"
        type "#email" canary email "before"
        click "#save"
        switch-person "noah"
        visit "https://shop.example/account"
        click "#save"
        switch-person "carol"
        wait 10s
        erase "carol"
        wait 40m
        visit "https://shop.example/account"
        type "#email" canary email "after"
        click "#save"
        expect erased "carol"

        """

    /// Runs the scenario (from a file, for the privacy report) against a fresh server; returns the result, the report and what the server still holds.
    static func review(faults: [FaultMode] = [], eraser: Bool = true, masking: String = "") async throws
        -> (result: ScenarioResult, report: PrivacyReport?, storedSessions: [String], simulation: Simulation) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("erase-step-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = text.replacingOccurrences(of: "\nperson \"noah\"\n", with: "\nperson \"noah\"\n" + masking)
        let file = folder.appendingPathComponent("erase-midway.scenario")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let server = try ReferenceServer.start(.init(dataDirectory: folder.appendingPathComponent("data").path, faults: faults))
        defer { server.stop() }
        var target = IngestTarget.reference(server)
        if !eraser { target.eraser = nil }
        let goldens = GoldenStore(root: folder.appendingPathComponent("golden"), artifacts: folder.appendingPathComponent("artifacts"), mode: .never, isCI: true)
        let (result, report) = await ScenarioRunner(target: target, goldens: goldens, checksErasure: false).review(file: file.path)
        let simulation = try Simulator(scenario: try Scenario(parsing: source)).run()
        return (result, report, try await ReferenceReadBack(baseURL: server.baseURL).sessions(), simulation)
    }

    @Test("what carol sent before the step is gone, her later visit and noah's data stay, and the report says how long it took")
    func erasesWhatCameBefore() async throws {
        let run = try await Self.review()
        #expect(run.result.failures.allSatisfy { $0.kind == .golden }, "\(run.result.failures.filter { $0.kind != .golden })")
        let carol = run.simulation.sessions.filter { $0.person == "carol" }.map(\.sessionId)
        let noah = run.simulation.sessions.filter { $0.person == "noah" }.map(\.sessionId)
        #expect(carol.count == 2 && noah.count == 1)
        // Carol's first session is erased; her second (after the step) and noah's are stored.
        #expect(Set(run.storedSessions) == Set([carol[1]] + noah), "\(run.storedSessions)")
        let step = try #require(run.report?.checks.first { $0.name == "erase carol at line 17" })
        #expect(step.outcome == .pass)
        #expect(step.detail.hasPrefix("1 visitor erased after "), "\(step.detail)")
        #expect(step.detail.contains(" ms") || step.detail.contains(" s"), "\(step.detail)")
        let expectation = try #require(run.report?.checks.first { $0.name == "erased carol" })
        #expect(expectation.outcome == .pass, "\(expectation.detail)")
        #expect(expectation.detail.contains("erased at ") && expectation.detail.contains("what came after may"), "\(expectation.detail)")
    }

    @Test("a server that ignores the erasure is caught, and delivery accounting does not call it a delivery problem")
    func ignoredErasureIsCaught() async throws {
        let run = try await Self.review(faults: [FaultMode(.ignoreErasure)])
        let failures = run.result.failures.filter { $0.kind != .golden }
        #expect(failures.allSatisfy { $0.kind == .erasure }, "\(failures)")
        #expect(failures.contains { $0.message.contains("sent before the erasure at ") && $0.message.contains(":17:1 is still stored") }, "\(failures)")
    }

    @Test("the value typed before the step is named when the server kept it (no redaction)")
    func valueFromBeforeIsNamed() async throws {
        let run = try await Self.review(faults: [FaultMode(.ignoreErasure), FaultMode(.leak)], masking: "masking raw\n")
        let carolsEmail = try #require(run.simulation.canaries.first { $0.label == "before" }?.value)
        let later = try #require(run.simulation.canaries.first { $0.label == "after" }?.value)
        let erasure = run.result.failures.filter { $0.kind == .erasure }.map(\.message)
        #expect(erasure.contains { $0.contains("'\(carolsEmail)'") && $0.contains("from before the erasure") }, "\(erasure)")
        // What came after the erasure may be stored.
        #expect(!erasure.contains { $0.contains(later) }, "\(erasure)")
    }

    @Test("a target that cannot erase says not supported instead of passing")
    func notSupported() async throws {
        let run = try await Self.review(eraser: false)
        let unchecked = run.result.failures.filter { $0.kind == .nothingChecked }.map(\.message)
        #expect(unchecked.contains { $0.hasPrefix("erase \"carol\" at ") && $0.contains("not supported") }, "\(unchecked)")
        #expect(unchecked.contains("expect erased carol: not supported: the target offers no way to erase a person"), "\(unchecked)")
        #expect(!run.result.failures.contains { $0.kind == .delivery }, "\(run.result.failures)")
    }
}
