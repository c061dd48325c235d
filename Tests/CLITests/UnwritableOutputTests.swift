import Foundation
import Goldens
import HarnessCLI
import Testing
import _TestSupport

/// Every option that writes gives the reason in words and its exit status for paths that fail even for root.
@Suite("unwritable outputs")
struct UnwritableOutputTests {
    /// A path that cannot be written, and the reason a file there (or a folder, for folder options) cannot be.
    struct Place: Sendable, CustomTestStringConvertible {
        var name: String
        /// The path, with `T` for the test's temporary folder (which holds a regular file `plain` and a folder `folder`).
        var path: String
        var fileReason: String
        var folderReason: String
        var testDescription: String { name }
    }

    static let places: [Place] = [
        Place(name: "under a regular file (ENOTDIR)", path: "T/plain/out", fileReason: "T/plain is a file, not a folder", folderReason: "T/plain is a file, not a folder"),
        Place(name: "/dev/full (ENOSPC on write)", path: "/dev/full", fileReason: "no space left on device", folderReason: "/dev/full is a device or special file, not a folder"),
        Place(name: "under /proc/version", path: "/proc/version/x", fileReason: "/proc/version is a file, not a folder", folderReason: "/proc/version is a file, not a folder"),
        Place(name: "in /sys", path: "/sys/session-harness-test", fileReason: "permission denied|read-only file system", folderReason: "permission denied|read-only file system"),
        Place(name: "a 300-byte name (ENAMETOOLONG)", path: "T/" + String(repeating: "n", count: 300), fileReason: "a name in it is 300 bytes long; names may be 255", folderReason: "a name in it is 300 bytes long; names may be 255"),
        Place(name: "a folder where a file is expected (EISDIR), a file where a folder is", path: "T/folder", fileReason: "T/folder is a folder, not a file", folderReason: "T/plain is a file, not a folder"),
    ]

    /// A verb, the arguments it needs to do its work, and one option of it that writes a file.
    struct FileOption: Sendable, CustomTestStringConvertible {
        var verb: String
        var option: String
        var testDescription: String { "\(verb) \(option)" }
    }

    static let fileOptions: [FileOption] = [
        ("run", "--json"), ("run", "--junit"), ("privacy", "--json"), ("privacy", "--html"), ("replay", "--json"), ("replay", "--html"),
        ("inspect", "--json"), ("load", "--json"), ("load", "--junit"), ("load", "--html"), ("load", "--hgrm"),
        ("merge", "--json"), ("merge", "--junit"), ("merge", "--html"), ("merge", "--hgrm"),
    ].map { FileOption(verb: $0.0, option: $0.1) }

    static let scenario = RepositoryFiles.scenarios.appendingPathComponent("js-errors.scenario").path

    static let recording = #"""
        [{"type":4,"timestamp":1000,"data":{"href":"https://a.example/","width":800,"height":600}},
         {"type":2,"timestamp":1001,"data":{"initialOffset":{"left":0,"top":0},"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"p","attributes":{},"childNodes":[]}]}}}]
        """#

    static func loadArguments(_ extra: [String]) -> [String] {
        ["load", "--arrival", "constant:5/s", "--duration", "0.4s", "--scenario", scenario, "--time-scale", "1000", "--drain", "1s", "--connections", "1"] + extra
    }

    /// A load shard report for merge, made once.
    static let shard = Task { () -> String in
        let file = Fixture.temporaryDirectory() + "-shard.json"
        let status = await SessionHarnessCommand.main(loadArguments(["--json", file]), console: Console.capturing())
        precondition(status == .success, "the shard for merge could not be made")
        return file
    }

    static func folder() throws -> String {
        let folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/folder", withIntermediateDirectories: true)
        try Data("plain".utf8).write(to: URL(fileURLWithPath: folder + "/plain"))
        return folder
    }

    static func arguments(for option: FileOption, folder: String) async throws -> [String] {
        switch option.verb {
        case "run": return ["run", scenario, "--record", "never", "--golden", RepositoryFiles.goldens.path]
        case "privacy": return ["privacy", scenario]
        case "replay", "inspect":
            let file = folder + "/recording.json"
            try Data(recording.utf8).write(to: URL(fileURLWithPath: file))
            return [option.verb, file]
        case "load": return loadArguments([])
        default: return ["merge", await shard.value]
        }
    }

    static func expect(_ errors: String, endsWith prefix: String, reasons: String, folder: String) {
        let alternatives = reasons.components(separatedBy: "|").map { prefix + $0.replacingOccurrences(of: "T/", with: folder + "/") + "\n" }
        #expect(alternatives.contains { errors.hasSuffix($0) }, "\(errors.suffix(400))")
        #expect(!errors.contains("NSError") && !errors.contains("Code=") && !errors.contains("file system error"), "\(errors)")
    }

    @Test("a report option that cannot be written exits 1 naming the option, the path and why", arguments: fileOptions, places)
    func reportFiles(_ option: FileOption, _ place: Place) async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = place.path.replacingOccurrences(of: "T/", with: folder + "/")
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(try await Self.arguments(for: option, folder: folder) + [option.option, path], console: console)
        #expect(status == .failure, "\(console.errors.suffix(400))")
        Self.expect(console.errors, endsWith: "error: cannot write \(option.option) \(path): ", reasons: place.fileReason, folder: folder)
    }

    @Test("generate --output and serve --data-dir that cannot be made say why; generate exits 1, serve 69 (it cannot start)", arguments: places)
    func folders(_ place: Place) async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = (place.path == "T/folder" ? "T/plain" : place.path).replacingOccurrences(of: "T/", with: folder + "/")
        let generate = Console.capturing()
        #expect(await SessionHarnessCommand.main(["generate", Self.scenario, "--output", path], console: generate) == .failure)
        Self.expect(generate.errors, endsWith: "error: cannot write --output \(path): ", reasons: place.folderReason, folder: folder)
        let serve = Console.capturing()
        #expect(await SessionHarnessCommand.main(["serve", "--port", "0", "--data-dir", path], console: serve) == .unavailable)
        Self.expect(serve.errors, endsWith: "error: cannot start the server: cannot write --data-dir \(path): ", reasons: place.folderReason, folder: folder)
    }

    /// Under CI the store refuses to record before it tries the folder, so there the refusal is what is checked.
    @Test("a golden folder that cannot be written fails the run (exit 1) naming each golden and why", arguments: [places[0], places[2]])
    func goldenFolder(_ place: Place) async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = place.path.replacingOccurrences(of: "T/", with: folder + "/")
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["run", Self.scenario, "--golden", path, "--record", "all"], console: console)
        #expect(status == .failure)
        let underCI = GoldenStore.runsUnderCI(ProcessInfo.processInfo.environment)
        let reason = place.folderReason.replacingOccurrences(of: "T/", with: folder + "/")
        let written = underCI ? "golden js-errors/timeline.json: refusing to write under CI (record mode 'all')"
            : "golden: golden js-errors/timeline.json: could not be written to \(path)/js-errors/timeline.json: \(reason)\n"
        #expect(console.output.contains(written), "\(console.output)")
        let recording = folder + "/recording.json"
        try Data(Self.recording.utf8).write(to: URL(fileURLWithPath: recording))
        let replay = Console.capturing()
        #expect(await SessionHarnessCommand.main(["replay", recording, "--golden-name", "one", "--golden", path, "--record", "all"], console: replay) == .failure)
        let replayWritten = underCI ? "golden one/timeline.json: refusing to write under CI" : "could not be written to \(path)/one/timeline.json: \(reason)"
        #expect((replay.output + replay.errors).contains(replayWritten), "\(replay.output)\(replay.errors)")
    }
}

/// Inputs that are not files end in words at once: a device that never ends does not hang a verb.
@Suite("unreadable inputs")
struct UnreadableInputTests {
    @Test("inspect, replay, lint, generate, merge and run refuse a device or a folder in words and exit 1", arguments: [
        ["inspect", "/dev/zero"], ["replay", "/dev/zero"], ["lint", "/dev/zero"], ["generate", "/dev/zero", "--output", "/tmp/never-written"],
        ["merge", "/dev/zero"], ["inspect", "/tmp"], ["replay", "/tmp"],
    ])
    func devicesAndFolders(_ arguments: [String]) async {
        let console = Console.capturing()
        #expect(await SessionHarnessCommand.main(arguments, console: console) == .failure)
        let path = arguments[1]
        #expect(console.errors.hasPrefix("error: cannot read \(path): \(path) is a \(path == "/tmp" ? "folder" : "device"), not a file\n"), "\(console.errors)")
    }

    @Test("load reads a scenario as run and lint do: invalid UTF-8 is the same diagnostic, not replacement characters")
    func loadRefusesInvalidUTF8() async throws {
        let file = Fixture.temporaryDirectory() + ".scenario"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data([UInt8]("scenario \"x\"\nvisit \"".utf8) + [0xFF] + [UInt8]("\"\n".utf8)).write(to: URL(fileURLWithPath: file))
        let console = Console.capturing()
        #expect(await SessionHarnessCommand.main(["load", "--scenario", file, "--arrival", "constant:1/s", "--duration", "1s"], console: console) == .failure)
        #expect(console.errors.hasPrefix("error: invalid UTF-8: byte 0xFF at byte offset 20 is not part of a valid character\n --> \(file):2:8\n"), "\(console.errors)")
    }
}
