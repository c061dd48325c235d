import Foundation
import HarnessCLI
import Testing

/// A folder with no scenarios is the same usage error in every verb that reads scenarios.
@Suite("a folder without scenarios")
struct EmptyScenarioFolderTests {
    @Test("lint, run and generate all exit 64 naming the folder", arguments: [["lint"], ["run"], ["generate", "--output", "/nonexistent/out"]])
    func emptyFolderIsAUsageError(_ verb: [String]) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-scenarios-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("not a scenario".utf8).write(to: folder.appendingPathComponent("sub/notes.txt"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(verb + [folder.path], console: console)
        #expect(status == .usage, "\(verb[0]): \(console.errors)")
        #expect(console.errors.hasPrefix("error: no .scenario files in \(folder.path)\n"), "\(verb[0]): \(console.errors)")
    }
}
