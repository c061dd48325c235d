import Compression
import Foundation
import HarnessCLI
import SessionModel
import _TestSupport
import XCTest

/// `session-harness inspect`, run in-process the way a user runs it.
final class InspectCommandTests: XCTestCase {
    private func run(_ arguments: [String]) async -> (status: ExitStatus, output: String, errors: String) {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(arguments, console: console)
        return (status, console.output, console.errors)
    }

    func testEveryConformanceRecordingIsClean() async throws {
        guard ConformanceCorpus.folder != nil else { throw XCTSkip(ConformanceCorpus.skipMessage) }
        for url in ConformanceCorpus.recordings {
            let result = await run(["inspect", url.path])
            XCTAssertEqual(result.status, .success, "\(url.lastPathComponent):\n\(result.output)\(result.errors)")
            XCTAssertTrue(result.output.contains(", clean"), result.output)
        }
    }

    func testSummaryOfARealRecording() async throws {
        guard let folder = ConformanceCorpus.folder else { throw XCTSkip(ConformanceCorpus.skipMessage) }
        let path = folder.appendingPathComponent("rrweb-player-demo-2018.json").path
        let result = await run(["inspect", path])
        XCTAssertEqual(result.output, """
            \(path): 272 events, clean
              duration: 81.1 s (timestamps 1544756766750 to 1544756847830)
              by type: FullSnapshot 1, IncrementalSnapshot 270, Meta 1
              incremental by source: Mutation 226, MouseMove 18, MouseInteraction 14, Scroll 12
              pages:
                event 0: https://demoit.app/e/react#ReactHooks.js (1166x705)

            """)
    }

    /// A file with nothing a replayer could show fails both commands, instead of passing as "0 events, clean".
    func testARecordingWithNothingToReplayFails() async throws {
        let meta = #"[{"type":4,"timestamp":5,"data":{"href":"https://a.example/","width":800,"height":600}}]"#
        let cases = [("", "the recording holds no events"), ("[]", "the recording holds no events"), (" \n\n", "the recording holds no events"),
                     (meta, "the recording has no FullSnapshot, so there is no page to reconstruct")]
        for (text, message) in cases {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("nothing-\(UUID().uuidString).json")
            try Data(text.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let inspected = await run(["inspect", file.path])
            XCTAssertEqual(inspected.status, .failure, "\(text.debugDescription): \(inspected.output)")
            XCTAssertTrue(inspected.output.contains("1 problem\n") && inspected.output.contains("    \(message)\n"), inspected.output)
            for arguments in [["replay", file.path], ["replay", file.path, "--at", "end"]] {
                let replayed = await run(arguments)
                XCTAssertEqual(replayed.status, .failure, "\(arguments) on \(text.debugDescription): \(replayed.output)")
                XCTAssertEqual(replayed.errors, "finding: \(message)\n", "\(arguments) on \(text.debugDescription)")
            }
        }
    }

    /// A gzip- or zlib-compressed recording is inflated and reads as the plain one does; a cut-off one says it cannot be inflated.
    func testACompressedRecordingReadsAsThePlainOne() async throws {
        let events = [
            #"{"type":4,"timestamp":1000,"data":{"href":"https://a.example/","width":800,"height":600}}"#,
            #"{"type":2,"timestamp":1001,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{"lang":"en"},"childNodes":[]}]}}}"#,
        ]
        let plain = Array(("[" + events.joined(separator: ",") + "]").utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compressed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        let plainPath = try write("plain.json", plain)
        let expected = await run(["replay", plainPath, "--at", "end"])
        XCTAssertEqual(expected.output, "<html lang=\"en\"></html>\n")
        for format in [Zlib.Format.gzip, .zlib] {
            let path = try write("packed-\(format).json", Zlib.compress(plain, format: format))
            let replayed = await run(["replay", path, "--at", "end"])
            XCTAssertEqual(replayed.status, .success, "\(format): \(replayed.errors)")
            XCTAssertEqual(replayed.output, expected.output, "\(format)")
            let inspected = await run(["inspect", path])
            XCTAssertEqual(inspected.status, .success, "\(format): \(inspected.output)")
            XCTAssertTrue(inspected.output.hasPrefix("\(path): 2 events, clean\n"), inspected.output)
        }
        let packed = Zlib.compress(plain, format: .gzip)
        let cut = try write("cut.json.gz", Array(packed.prefix(packed.count / 2)))
        for command in ["replay", "inspect"] {
            let result = await run([command, cut])
            XCTAssertEqual(result.status, .failure, command)
            XCTAssertTrue(result.errors.contains("error: cannot read \(cut): \(cut) is gzip-compressed and cannot be inflated: "), "\(command): \(result.errors)")
        }
    }

    func testATruncatedCopyFailsAndNamesThePosition() async throws {
        guard let folder = ConformanceCorpus.folder else { throw XCTSkip(ConformanceCorpus.skipMessage) }
        let bytes = try ConformanceCorpus.bytes(of: folder.appendingPathComponent("rrweb-rec-console.json"))
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("truncated-\(UUID().uuidString).json")
        try Data(bytes.prefix(5000)).write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let result = await run(["inspect", copy.path])
        XCTAssertEqual(result.status, .failure)
        XCTAssertTrue(
            result.output.contains("event 10: unexpected end of input inside the value that starts here at line 281, column 2 (byte 4835)"),
            result.output)
    }

    func testAStructuralProblemIsReportedWithItsEvent() async throws {
        let text = #"""
            [{"type":4,"data":{"href":"https://a.example/","width":800,"height":600},"timestamp":10},
            {"type":3,"data":{"source":2,"type":2,"id":1},"timestamp":11},
            {"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[]}]},"initialOffset":{"top":0,"left":0}},"timestamp":12},
            {"type":3,"data":{"source":0,"texts":[{"id":99,"value":"x"}],"attributes":[],"removes":[{"parentId":1,"id":77}],"adds":[{"parentId":55,"nextId":null,"node":{"type":3,"id":3,"textContent":"hi"}}]},"timestamp":13}]
            """#
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = await run(["inspect", file.path])
        XCTAssertEqual(result.status, .failure)
        XCTAssertEqual(result.output, """
            \(file.path): 4 events, 4 problems
              duration: 3 ms (timestamps 10 to 13)
              by type: FullSnapshot 1, IncrementalSnapshot 2, Meta 1
              incremental by source: Mutation 1, MouseInteraction 1
              pages:
                event 0: https://a.example/ (800x600)
              problems:
                event 1: MouseInteraction event before any FullSnapshot
                event 3: remove of node 77, which is not in the document
                event 3: add of node 3: parent 55 is not in the document
                event 3: text change of node 99, which is not in the document

            """)
        let json = await run(["inspect", "--json", "-", file.path])
        let report = try JSONReader.parse(json.output)
        XCTAssertEqual(report.arrayValue?.first?["problems"]?.arrayValue?.count, 4)
        XCTAssertEqual(report.arrayValue?.first?["clean"], false)
    }

    func testUsageErrorsExit64WithAHint() async {
        let none = await run(["inspect"])
        XCTAssertEqual(none.status, .usage)
        XCTAssertEqual(none.errors, "error: no recording given\nUsage: session-harness inspect FILE... [--json FILE]\n")
        let typo = await run(["inspect", "--jsn", "x.json"])
        XCTAssertEqual(typo.status, .usage)
        XCTAssertTrue(typo.errors.hasPrefix("error: unknown option '--jsn'; did you mean '--json'?"))
        let verb = await run(["inspekt"])
        XCTAssertEqual(verb.status, .usage)
        XCTAssertTrue(verb.errors.hasPrefix("error: unknown verb 'inspekt'; did you mean 'inspect'?"))
    }

    func testAMissingFileFails() async {
        let result = await run(["inspect", "/nonexistent/recording.json"])
        XCTAssertEqual(result.status, .failure)
        XCTAssertTrue(result.errors.contains("cannot read /nonexistent/recording.json"), result.errors)
    }

    func testHelpIsAvailableForEveryVerb() async {
        let overview = await run(["--help"])
        XCTAssertEqual(overview.status, .success)
        XCTAssertTrue(overview.output.contains("inspect"))
        let inspect = await run(["inspect", "--help"])
        XCTAssertTrue(inspect.output.hasPrefix("Usage: session-harness inspect FILE... [--json FILE]\n"))
    }
}
