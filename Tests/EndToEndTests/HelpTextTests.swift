import Foundation
import Goldens
import HarnessTesting
import Testing
import _TestSupport

/// The `--help` text of the program and of every verb, pinned in `Goldens/help/<verb>.txt`.
///
/// The goldens go through the same `GoldenStore` as every other golden:
/// re-record with `GOLDEN_RECORD=failed swift test --filter EndToEndTests`; a
/// write fails the test, and under CI nothing is written.
@Suite("help text of the built binary")
struct HelpTextTests {
    static let verbs = ["generate", "inspect", "lint", "load", "merge", "privacy", "replay", "run", "serve", "target"]

    static let goldens: GoldenStore = {
        let root = RepositoryFiles.root.appendingPathComponent("Tests/EndToEndTests/Goldens")
        do {
            return try GoldenStore(root: root, artifacts: RepositoryFiles.root.appendingPathComponent(".build/artifacts/help"),
                                   environment: ProcessInfo.processInfo.environment)
        } catch {
            fatalError("GOLDEN_RECORD: \(error)")
        }
    }()

    @Test("session-harness --help lists every verb")
    func overview() throws {
        let result = try BuiltBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.errors == "")
        assertGolden(Array(result.output.utf8), scenario: "help", artifact: "overview.txt", store: Self.goldens)
    }

    @Test("each verb's --help", arguments: verbs)
    func verb(_ verb: String) throws {
        let result = try BuiltBinary.run([verb, "--help"])
        #expect(result.status == 0)
        #expect(result.errors == "")
        assertGolden(Array(result.output.utf8), scenario: "help", artifact: "\(verb).txt", store: Self.goldens)
    }
}
