import Foundation
import Goldens
import HarnessCLI
import Replay
import Testing
import _TestSupport

/// `session-harness replay`, run in-process.
@Suite("replay verb")
struct ReplayCommandTests {
    static func path(_ name: String) throws -> String {
        try #require(ConformanceCorpus.folder).appendingPathComponent(name).path
    }

    static func run(_ arguments: [String]) async -> (HarnessCLI.ExitStatus, Console) {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["replay"] + arguments, console: console)
        return (status, console)
    }

    @Test(.enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
    func printsTheTimeline() async throws {
        let (status, console) = await Self.run([try Self.path("rrweb-rec-clicks.json")])
        #expect(status == .success)
        #expect(console.output.contains("rrweb-rec-clicks.json: 4 timeline entries"))
        #expect(console.output.contains("click     body > a “Link”  (event 6)") || console.output.contains("click"))
        #expect(console.errors.isEmpty)
    }

    @Test(.enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
    func printsTheDOMAtATime() async throws {
        let (status, console) = await Self.run([try Self.path("rrweb-fixture-ordering.json"), "--at", "end"])
        #expect(status == .success)
        #expect(console.output == """
            <!DOCTYPE html>
            <html lang="en">
              <head></head>
              <body>
                <span>Final - correct</span>
              </body>
            </html>

            """)
        let (_, early) = await Self.run([try Self.path("rrweb-fixture-ordering.json"), "--at", "25ms"])
        #expect(early.output.contains("<span>Initial</span>"))
    }

    @Test(.enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
    func printsTheDOMAfterAnEventOfAFileWithoutTimestamps() async throws {
        let (status, console) = await Self.run([try Self.path("rrweb-rec-textarea.json"), "--after-event", "4"])
        #expect(status == .success)
        #expect(console.output.contains("<textarea>pre value</textarea>"), "\(console.output)")
        let (bad, errors) = await Self.run([try Self.path("rrweb-rec-textarea.json"), "--after-event", "99"])
        #expect(bad == .usage)
        #expect(errors.errors.hasPrefix("error: --after-event takes an event index from 0 to 10, not '99'"))
    }

    @Test(.enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
    func writesAnHTMLPage() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: output) }
        let (status, console) = await Self.run([try Self.path("rrweb-fixture-input.json"), "--html", output.path, "--at", "1.2s", "--at", "end"])
        #expect(status == .success, "\(console.errors)")
        let page: String = try String(contentsOf: output, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("id=\"moment-2\""))
        #expect(page.contains("<iframe sandbox"))
        #expect(!page.contains("<script"), "the page runs no script")
    }

    @Test func reportsFindingsWithTheEventIndex() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let events = #"""
            [{"type":3,"data":{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[]},"timestamp":1},
             {"type":4,"data":{"href":"https://a.example/","width":800,"height":600},"timestamp":2},
             {"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[]},"initialOffset":{"top":0,"left":0}},"timestamp":2},
             {"type":3,"data":{"source":0,"texts":[{"id":9,"value":"x"}],"attributes":[],"removes":[],"adds":[]},"timestamp":3},
             {"type":3,"data":{"source":0,"texts
            """#
        try Data(events.utf8).write(to: file)
        let (status, console) = await Self.run([file.path])
        #expect(status == .failure)
        let lines = console.errors.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("finding: event 4: line 5, column 2 (byte 416): unexpected end of input") == true, "\(lines)")
        #expect(lines.contains("finding: event 0: Mutation event before any FullSnapshot; skipped"))
        #expect(lines.contains("finding: event 3: mutation sets the text of unknown node 9"))
    }

    @Test("usage errors exit 64", arguments: [["--at", "soon", "x.json"], [], ["a.json", "b.json"], ["--htm", "x"]])
    func usageErrors(_ arguments: [String]) async {
        let (status, console) = await Self.run(arguments)
        #expect(status == .usage)
        #expect(console.errors.contains("Usage: session-harness replay RECORDING"))
    }
}

@Suite("replay --golden-name stays inside the golden folder")
struct ReplayGoldenNameTests {
    @Test("a golden name that escapes the golden folder is a usage error and nothing is written",
          arguments: ["../../escaped", "/tmp/escaped-golden", "..", "a/../../escaped"])
    func escapingNameIsAUsageError(_ name: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golden-escape-\(UUID().uuidString)")
        let root = folder.appendingPathComponent("a/b/golden")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, console) = await ReplayCommandTests.run(["recording.json", "--golden-name", name, "--golden", root.path, "--record", "all"])
        #expect(status == .usage)
        #expect(console.errors.hasPrefix("error: --golden-name takes a folder path inside the golden folder: '"), "\(console.errors)")
        let written = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
        #expect(written.sorted() == ["a", "a/b", "a/b/golden"], "nothing may be written: \(written)")
    }
}

@Suite("replay --json beside another output")
struct ReplayJSONCombinationTests {
    @Test("--json with --at, --after-event, --html or --golden-name is a usage error naming both, never a silently ignored --json",
          arguments: [(["--at", "end"], "--at"), (["--after-event", "0"], "--after-event"), (["--html", "page.html"], "--html"), (["--golden-name", "s"], "--golden-name")])
    func jsonWithAnotherOutput(_ extra: [String], _ other: String) async {
        let (status, console) = await ReplayCommandTests.run(["recording.json", "--json", "timeline.json"] + extra)
        #expect(status == .usage)
        #expect(console.errors.hasPrefix("error: --json writes the timeline and cannot be combined with \(other), which writes something else instead"), "\(console.errors)")
    }
}

@Suite("replay verb with goldens", .enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
struct ReplayGoldenCommandTests {
    @Test("goldens recorded by the store match through the verb; an unknown record mode is a usage error")
    func matchesRecordedGoldens() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("golden-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try ReplayCommandTests.path("rrweb-fixture-ordering.json")
        // Recorded with an explicit store, not the verb: the verb reads CI from the environment and refuses to write there.
        let store = GoldenStore(root: root, artifacts: root.appendingPathComponent(".artifacts"), mode: .missing, isCI: false)
        let session = ReplaySession(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))))
        let recorded = store.checkReplay(scenario: "ordering", session: session)
        #expect(recorded.map(\.kind) == [.recorded, .recorded], "writing a golden is reported as a failure")
        let (matched, second) = await ReplayCommandTests.run([file, "--golden-name", "ordering", "--golden", root.path, "--record", "never"])
        #expect(matched == .success, "\(second.errors)")
        #expect(second.output == "ok: \(root.path)/ordering/timeline.json\nok: \(root.path)/ordering/dom.index.html\n")
        let (bad, third) = await ReplayCommandTests.run([file, "--golden-name", "ordering", "--golden", root.path, "--record", "often"])
        #expect(bad == .usage)
        #expect(third.errors.hasPrefix("error: unknown record mode 'often'; use one of never, missing, failed, all"))
    }
}

/// `inspect` and `replay` give the events of a file one numbering, an undecodable event included.
@Suite("event numbers across verbs")
struct EventNumbersAcrossVerbsTests {
    @Test func inspectAndReplayAgreeOnAFileWithABrokenEvent() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("""
            [{"type":4,"timestamp":1000,"data":{"href":"https://a.example/","width":800,"height":600}},
            {"type":2,"timestamp":1001,"data":{"node":{"type":0,"id":1,"childNodes":[]}}},
            {"type":3,"timestamp":"late","data":{"source":0}},
            {"type":3,"timestamp":1003,"data":{"source":0,"texts":[{"id":77,"value":"x"}],"attributes":[],"removes":[],"adds":[]}}]
            """.utf8).write(to: file)
        let inspect = Console.capturing()
        _ = await SessionHarnessCommand.main(["inspect", file.path], console: inspect)
        #expect(inspect.output.hasPrefix("\(file.path): 4 events, 2 problems"), "\(inspect.output)")
        #expect(inspect.output.contains("event 2: "), "\(inspect.output)")
        #expect(inspect.output.contains("event 3: "), "\(inspect.output)")
        let (_, replay) = await ReplayCommandTests.run([file.path])
        #expect(replay.errors.contains("event 2: "), "\(replay.errors)")
        #expect(replay.errors.contains("event 3: mutation sets the text of unknown node 77"), "\(replay.errors)")
        let (afterBroken, _) = await ReplayCommandTests.run([file.path, "--after-event", "2"])
        #expect(afterBroken == .usage)
        // Event 3 exists under that number (it is the file's fourth event, the third decoded one).
        let (afterLast, _) = await ReplayCommandTests.run([file.path, "--after-event", "3"])
        #expect(afterLast == .failure, "a replay with findings exits 1")
    }
}
