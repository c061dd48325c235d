import Foundation
import Testing
import HarnessCLI
import _TestSupport

@Suite("lint verb")
struct LintCommandTests {
    @Test("passes over Scenarios/ in-process with a one-line summary")
    func lintsScenariosFolder() async {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["lint", RepositoryFiles.scenarios.path], console: console)
        #expect(status == .success)
        #expect(console.errors == "")
        #expect(console.output == "\(RepositoryFiles.scenarioNames.count) files, 0 errors\n")
    }

    @Test("lint and generate refuse invalid UTF-8 with the same file:line:column diagnostic")
    func invalidUTF8IsReportedAlike() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.scenario")
        var bytes = Array(try String(contentsOf: RepositoryFiles.scenarios.appendingPathComponent("js-errors.scenario"), encoding: .utf8).utf8)
        let secondLine = try #require(bytes.firstIndex(of: 0x0A)) + 1
        bytes.insert(contentsOf: [0x20, 0xFF], at: secondLine + 2)
        try Data(bytes).write(to: file)
        let lint = Console.capturing()
        #expect(await SessionHarnessCommand.main(["lint", file.path], console: lint) == .failure)
        #expect(lint.errors.hasPrefix("error: invalid UTF-8: byte 0xFF at byte offset \(secondLine + 3) "), "\(lint.errors)")
        #expect(lint.errors.contains(" --> \(file.path):2:4\n"), "\(lint.errors)")
        let generate = Console.capturing()
        #expect(await SessionHarnessCommand.main(["generate", file.path, "--output", folder.appendingPathComponent("out").path], console: generate) == .failure)
        #expect(generate.errors.hasPrefix(lint.errors), "\(generate.errors)")
    }

    @Test("fails with diagnostics on stderr for a malformed file")
    func failsOnMalformedFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.scenario")
        try Data("scenario \"bad\"\nclik \"#x\"\n".utf8).write(to: file)
        try Data("scenario \"good\"\n".utf8).write(to: folder.appendingPathComponent("a-good.scenario"))
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["lint", folder.path], console: console)
        #expect(status == .failure)
        #expect(console.output == "2 files, 1 error\n")
        #expect(console.errors == """
            error: unknown step "clik"
             --> \(file.path):2:1
            2 | clik "#x"
              | ^^^^ did you mean "click"?


            """)
    }

    @Test("usage errors exit 64", arguments: [[], ["--strict"], ["/no/such/path.scenario"]])
    func usageErrors(_ arguments: [String]) async {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["lint"] + arguments, console: console)
        #expect(status == .usage)
        #expect(console.output == "")
        #expect(!console.errors.isEmpty)
    }

    @Test("--help prints the verb's help")
    func help() async {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["lint", "--help"], console: console)
        #expect(status == .success)
        #expect(console.output.hasPrefix("Usage: session-harness lint PATH..."))
    }
}
