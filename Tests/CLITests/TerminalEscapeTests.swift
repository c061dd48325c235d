import Foundation
import HarnessCLI
import Testing
import _TestSupport

/// Outside text (file names, recording strings, endpoint bodies) reaches the terminal with its control characters escaped.
@Suite("terminal escapes in outside text")
struct TerminalEscapeTests {
    /// Clear the screen, set the window title, ring the bell, and a C1 control sequence introducer.
    static let hostile = "\u{1B}[2J\u{1B}]0;owned\u{7}\u{9B}31m"

    static func run(_ arguments: [String], terminal: Bool = false) async -> (status: HarnessCLI.ExitStatus, everything: String) {
        let console = Console.capturing(terminal: terminal)
        let status = await SessionHarnessCommand.main(arguments, console: console)
        return (status, console.output + console.errors)
    }

    static func expectNoControls(_ text: String, _ comment: String, shown: String = "\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{9b}31m") {
        let raw = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
        #expect(raw.isEmpty, "\(comment): \(text.debugDescription)")
        #expect(text.contains(shown), "\(comment) shows the escape: \(text.debugDescription)")
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("escapes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A recording whose page URL and button text carry the hostile text.
    static var recording: String {
        let text = hostile.unicodeScalars.map { $0.value < 0x20 || $0.value >= 0x7F ? String(format: "\\u%04x", $0.value) : String($0) }.joined()
        return """
            [{"type":4,"timestamp":1000,"data":{"href":"https://a.example/\(text)","width":800,"height":600}},
             {"type":2,"timestamp":1001,"data":{"initialOffset":{"left":0,"top":0},"node":{"type":0,"id":1,"childNodes":[
               {"type":2,"id":2,"tagName":"button","attributes":{"id":"b"},"childNodes":[{"type":3,"id":3,"textContent":"Pay \(text)"}]}]}}},
             {"type":3,"timestamp":1500,"data":{"source":2,"type":2,"id":2,"x":1,"y":1}},
             {"type":3,"timestamp":1600,"data":{"source":2,"type":2,"id":99,"x":1,"y":1}}]
            """
    }

    @Test("a file name with escapes is shown escaped by inspect, replay, lint and generate")
    func fileNames() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("x\(Self.hostile).json").path
        for arguments in [["inspect", missing], ["replay", missing], ["lint", missing + ".scenario"],
                          ["generate", missing + ".scenario", "--output", folder.path]] {
            let result = await Self.run(arguments)
            #expect(result.status != .success)
            Self.expectNoControls(result.everything, arguments[0])
        }
        let broken = folder.appendingPathComponent("y\(Self.hostile).json").path
        try Data("[{\"type\":4,".utf8).write(to: URL(fileURLWithPath: broken))
        let inspected = await Self.run(["inspect", broken])
        #expect(inspected.status == .failure)
        Self.expectNoControls(inspected.everything, "inspect of a broken file")
    }

    @Test("recording strings are escaped in the timeline, the findings, inspect and the DOM on a terminal; a pipe gets the bytes as they are")
    func recordingStrings() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("rec.json").path
        try Data(Self.recording.utf8).write(to: URL(fileURLWithPath: file))
        for arguments in [["replay", file], ["inspect", file]] {
            Self.expectNoControls(await Self.run(arguments, terminal: true).everything, arguments.joined(separator: " "))
        }
        // JSON escapes C0 controls itself; the terminal gets the C1 one escaped.
        Self.expectNoControls(await Self.run(["replay", file, "--json", "-"], terminal: true).everything, "replay --json -",
                              shown: #"\u001b[2J\u001b]0;owned\u0007\u{9b}31m"#)
        let onTerminal = await Self.run(["replay", file, "--at", "end"], terminal: true)
        Self.expectNoControls(onTerminal.everything, "replay --at end on a terminal")
        let piped = await Self.run(["replay", file, "--at", "end"])
        #expect(piped.everything.contains("Pay " + Self.hostile), "a pipe or file gets the DOM byte for byte: \(piped.everything.debugDescription)")
    }

    @Test("an endpoint's body with escapes is quoted escaped in run's verdict")
    func endpointBody() async throws {
        let endpoint = try HostileEndpoint(.answer(status: 200, headers: ["Content-Type": "text/plain"], body: "stored " + Self.hostile))
        defer { endpoint.stop() }
        let result = await Self.run([
            "run", RepositoryFiles.scenarios.appendingPathComponent("browse-catalog.scenario").path, "--endpoint", endpoint.url.absoluteString,
            "--timeout", "1", "--deadline", "8", "--golden", RepositoryFiles.goldens.path, "--record", "never",
        ])
        #expect(result.status == .unavailable, "\(result.everything)")
        Self.expectNoControls(result.everything, "run's verdict")
    }
}
