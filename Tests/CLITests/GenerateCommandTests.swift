import Foundation
import Testing
import HarnessCLI
import SessionModel
import _TestSupport

@Suite("generate verb")
struct GenerateCommandTests {
    private func run(_ arguments: [String]) async -> (status: HarnessCLI.ExitStatus, output: String, errors: String) {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(arguments, console: console)
        return (status, console.output, console.errors)
    }

    private var scenarios: String { RepositoryFiles.scenarios.path }

    @Test("Writes manifest, events and uploads per session, deterministically, and every events file inspects clean")
    func writesDeterministicFiles() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("generate-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = await run(["generate", scenarios + "/subdomain-hop.scenario", scenarios + "/unload-during-upload.scenario", "--output", output, "--check-determinism"])
        #expect(result.status == .success, "\(result.output)\(result.errors)")
        #expect(result.output.hasSuffix("; deterministic\n"))
        for name in ["subdomain-hop", "unload-during-upload"] {
            let manifest = try Data(contentsOf: URL(fileURLWithPath: "\(output)/\(name)/manifest.json"))
            #expect(manifest.last == 0x0A)
            let events = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(output)/\(name)/session-1/events.json")))
            #expect(RecordingInspector.inspect(events).isClean)
            #expect(FileManager.default.fileExists(atPath: "\(output)/\(name)/session-1/uploads.json"))
        }
        let first = try Data(contentsOf: URL(fileURLWithPath: "\(output)/subdomain-hop/manifest.json"))
        _ = await run(["generate", scenarios + "/subdomain-hop.scenario", "--output", output])
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(output)/subdomain-hop/manifest.json")) == first)
        _ = await run(["generate", scenarios + "/subdomain-hop.scenario", "--output", output, "--seed", "99"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(output)/subdomain-hop/manifest.json")) != first)
    }

    @Test("A scenario file whose name is '..' or empty once '.scenario' is dropped is refused; nothing outside --output is touched")
    func scenarioNamesThatAreNotFoldersAreRefused() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generate-names-\(UUID().uuidString)")
        let scenariosFolder = folder.appendingPathComponent("scenarios")
        let output = folder.appendingPathComponent("out/inner")
        try FileManager.default.createDirectory(at: scenariosFolder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try String(contentsOfFile: scenarios + "/subdomain-hop.scenario", encoding: .utf8)
        let keep = folder.appendingPathComponent("out/keep.txt")
        try Data("keep".utf8).write(to: keep)
        for name in ["..scenario", ".scenario"] {
            let file = scenariosFolder.appendingPathComponent(name).path
            try source.write(toFile: file, atomically: true, encoding: .utf8)
            let result = await run(["generate", file, "--output", output.path])
            #expect(result.status == .failure)
            #expect(result.errors.hasPrefix("error: \(file): its name cannot be a folder under --output: "), "\(result.errors)")
            #expect(FileManager.default.fileExists(atPath: keep.path), "the folder above --output survives")
            #expect(FileManager.default.fileExists(atPath: output.path), "--output itself survives")
        }
    }

    @Test("A scenario whose files pass --max-output is an error naming it and the size; nothing of it is written, an earlier folder is kept")
    func outputCap() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generate-cap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out").path
        let file = scenarios + "/subdomain-hop.scenario"
        let tooSmall = await run(["generate", file, "--output", output, "--max-output", "1000"])
        #expect(tooSmall.status == .failure)
        #expect(tooSmall.errors.hasPrefix("error: \(file): its files would be more than --max-output 1000 bytes ("), "\(tooSmall.errors)")
        #expect(tooSmall.errors.hasSuffix(" bytes by manifest.json); nothing was written for it. Simplify the scenario, or raise --max-output.\n"), "\(tooSmall.errors)")
        #expect(!FileManager.default.fileExists(atPath: output + "/subdomain-hop"))

        let written = await run(["generate", file, "--output", output])
        #expect(written.status == .success, "\(written.errors)")
        let manifest = try Data(contentsOf: URL(fileURLWithPath: output + "/subdomain-hop/manifest.json"))
        let again = await run(["generate", file, "--output", output, "--max-output", String(manifest.count + 10)])
        #expect(again.status == .failure)
        #expect(again.errors.contains(" bytes by session-1/events.json); nothing was written for it."), "\(again.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: output + "/subdomain-hop/manifest.json")) == manifest, "the earlier folder is kept whole")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output) == ["subdomain-hop"], "no partial folder is left")
    }

    @Test("A page nested deeper than recordings admit is refused before anything is simulated, with file:line:column")
    func tooDeepPageRefused() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generate-deep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("deep.scenario").path
        let page = String(repeating: "<div>", count: 100_000)
        try Data("scenario \"deep\"\npage \"https://a.example/\"\n  html <<<\n    \(page)\n  >>>\nvisit \"https://a.example/\"\n".utf8).write(to: URL(fileURLWithPath: file))
        let result = await run(["generate", file, "--output", folder.appendingPathComponent("out").path])
        #expect(result.status == .failure)
        #expect(result.errors.hasPrefix("error: page \"https://a.example/\" nests elements more than 256 deep\n --> \(file):4:1285\n"), "\(result.errors.prefix(300))")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/deep").path))
    }

    @Test("Usage errors exit 64 with a reason", arguments: [
        (["generate", "Scenarios"], "error: generate needs scenario files and --output DIR"),
        (["generate", "x.scenario", "--output", "o", "--seed", "minus"], "error: --seed takes a whole number from 0 to 18446744073709551615, not 'minus'"),
        (["generate", "x.scenario", "--output", "o", "--third-party-cookies", "some"], "error: --third-party-cookies takes partitioned, unpartitioned or blocked, not 'some'"),
        (["generate", "x.scenario", "--output", "o", "--max-output", "0"], "error: --max-output takes a whole number from 1 to 1125899906842624, not '0'"),
    ])
    func usage(arguments: [String], message: String) async {
        let result = await run(arguments)
        #expect(result.status == .usage)
        #expect(result.errors.hasPrefix(message), "\(result.errors)")
    }
}
