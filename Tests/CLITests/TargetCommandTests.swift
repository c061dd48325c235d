import Foundation
@testable import HarnessCLI
import Testing
import _TestSupport

@Suite("target check")
struct TargetCommandTests {
    @Test("a valid configuration prints its plan; a typo names the JSON path and suggests; no action is a usage error")
    func check() async throws {
        let good = RepositoryFiles.root.appendingPathComponent("docs/examples/targets/reference.json").path
        let console = Console.capturing()
        #expect(await SessionHarnessCommand.main(["target", "check", good], console: console) == .success)
        #expect(console.output.contains("POST /v1/batches"))
        #expect(console.output.contains("first request for session sample-session: GET /v1/sessions/sample-session"))
        #expect(console.output.contains("erase, for visitor sample-visitor: DELETE /v1/visitors/sample-visitor"))
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-target-\(UUID().uuidString).json")
        try Data(#"{"send":{"path":"/x","heders":{}}}"#.utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        let badConsole = Console.capturing()
        #expect(await SessionHarnessCommand.main(["target", "check", bad.path], console: badConsole) == .failure)
        #expect(badConsole.errors == "error: \(bad.path): $.send.heders: unknown member; did you mean 'headers'?\n")
        #expect(await SessionHarnessCommand.main(["target"], console: Console.capturing()) == .usage)
    }

    @Test("every shipped configuration is valid and prints its plan", arguments: [
        ("docs/examples/targets/reference.json", "(289 bytes, gzip-compressed from these 407:)"),
        ("Tests/Targets/tinyreplay/tinyreplay.json", "3 steps"),
        ("Tests/Targets/django-rrweb/django-rrweb.json", "runs \(RepositoryFiles.root.path)/Tests/Targets/django-rrweb/read-back.py (time limit 10 s), which prints the batches"),
    ])
    func shipped(_ file: String, _ shown: String) async throws {
        let console = Console.capturing()
        #expect(await SessionHarnessCommand.main(["target", "check", RepositoryFiles.root.appendingPathComponent(file).path], console: console) == .success)
        #expect(console.output.contains(shown), "\(console.output)")
    }
}
