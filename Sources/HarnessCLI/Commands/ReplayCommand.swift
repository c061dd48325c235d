import Goldens
import Foundation
import Replay
import SessionModel

/// `session-harness replay`: the timeline of a recording, its DOM at a time, or an HTML page of both.
enum ReplayCommand: Command {
    static let name = "replay"
    static let summary = "Reconstruct a recording: timeline, DOM at a time, or an HTML page"
    static let positionals = "RECORDING"
    static let options: [OptionDeclaration] = [
        .value("--at", "TIME", help: """
            Print the DOM as canonical HTML after every event before TIME (from the first event): \
            1500, 1500ms, 2.5s, 1m, or 'end'. With --html, each --at is a moment on the page.
            """, repeatable: true),
        .value("--after-event", "N", help: """
            Print the DOM right after event N (its index in the file) has been applied; \
            for recordings without timestamps. With --html, each is a moment on the page.
            """, repeatable: true),
        .report("--html", help: "Write one self-contained page showing the reconstructed page at chosen moments beside the timeline."),
        .report("--json", help: "Write the timeline as canonical JSON to FILE ('-': standard output) instead of the text."),
        .value("--golden-name", "SCENARIO", help: """
            Compare timeline.json and dom.<page>.html (ids and endpoint timestamps normalised) \
            with the golden folder's SCENARIO/.
            """),
        .value("--golden", "DIR", help: "The golden folder (default: golden); used with --golden-name."),
        .value("--record", "MODE", help: """
            never, missing, failed or all; overrides GOLDEN_RECORD. Under CI (CI set) the default is never \
            and nothing is written. Writing a golden makes the run fail.
            """),
    ]
    static let about = """
        Rebuilds what the session looked like from its rrweb events (a JSON array
        or NDJSON, plain or gzip/zlib-compressed; '-' reads standard input), the
        way rrweb's replayer does.

        Without options it prints the timeline: pages, clicks, final input values,
        console, errors, network calls, custom and Redux events, idle gaps.
        """
    static let epilogue = """
        Problems in the stream (an unknown node, events before any snapshot, a
        truncated file) are printed to standard error with their event index.

        Exit status: 0 when the recording replays without findings, 1 when there
        are findings or the file cannot be read, 64 for a usage error.
        """

    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus {
        let jsonFile = arguments.value("--json")
        let afterTexts = arguments.values("--after-event")
        let htmlPath = arguments.value("--html")
        let goldenScenario = arguments.value("--golden-name")
        let goldenFolder = arguments.value("--golden")
        let recordMode = arguments.value("--record")
        let files = arguments.positionals
        guard files.count == 1, let file = files.first else {
            throw .usage(files.isEmpty ? "no recording given" : "give one recording, not \(files.count)")
        }
        if goldenScenario == nil, goldenFolder != nil || recordMode != nil {
            throw .usage("--golden and --record need --golden-name SCENARIO")
        }
        if let goldenScenario, let problem = GoldenPath.problem(withRelativePath: goldenScenario) {
            throw .usage("--golden-name takes a folder path inside the golden folder: \(problem)")
        }
        // --json writes the timeline; the other outputs replace it, so --json beside them would be silently ignored.
        if jsonFile != nil, let other = [("--golden-name", goldenScenario != nil), ("--html", htmlPath != nil), ("--after-event", !afterTexts.isEmpty),
                                         ("--at", !arguments.values("--at").isEmpty)].first(where: { $0.1 })?.0 {
            throw .usage("--json writes the timeline and cannot be combined with \(other), which writes something else instead")
        }
        var offsets: [Int64?] = []
        for text in arguments.values("--at") {
            guard let offset = parseTime(text) else {
                throw .usage("--at takes a time like 1500, 1500ms, 2.5s, 1m or 'end', not '\(text)'")
            }
            offsets.append(offset)
        }

        let bytes: [UInt8]
        do throws(FileFailure) {
            bytes = try RecordingFile.read(file)
        } catch {
            throw .failed("cannot read \(file): \(error.reason)")
        }
        let session = ReplaySession(bytes: bytes)
        var findings = session.decodeFindings
        var afterEvents: [Int] = []
        // N is the event's number in the file (as in findings and `inspect`); an undecodable event has none to show.
        let lastNumber = session.eventNumbers.last ?? -1
        for text in afterTexts {
            guard let number = Int(text), number >= 0, number <= lastNumber else {
                throw .usage("--after-event takes an event index from 0 to \(lastNumber), not '\(text)'")
            }
            guard session.eventNumbers.contains(number) else {
                throw .usage("--after-event \(number): that event could not be decoded (see the findings); choose another")
            }
            afterEvents.append(number)
        }
        // An event's moment: every event up to and including it in replay order.
        func position(after number: Int) -> Int {
            let index = session.eventNumbers.firstIndex(of: number) ?? session.events.count - 1
            return (session.order.firstIndex(of: index) ?? session.order.count - 1) + 1
        }

        if let goldenScenario {
            return try compareWithGolden(session, scenario: goldenScenario, root: goldenFolder ?? "golden", recordMode: recordMode, console: console)
        }

        if let htmlPath {
            var chosen = offsets.map { offset in
                offset.map { ReplayPage.moment(session, at: $0) } ?? ReplayPage.Moment(position: session.order.count, label: "end")
            }
            chosen += afterEvents.map { ReplayPage.Moment(position: position(after: $0), label: "after event \($0)") }
            let moments = chosen.isEmpty ? nil : chosen
            let page = ReplayPage.render(session, title: (file as NSString).lastPathComponent, moments: moments)
            try console.writeReport(Array(page.utf8), to: htmlPath, option: "--html")
            findings = Timeline(session: session).findings
            if htmlPath != "-" { console.print("wrote \(htmlPath)") }
        } else if !afterEvents.isEmpty {
            for (number, index) in afterEvents.enumerated() {
                var player = session.play()
                let end = position(after: index)
                while player.position < end { player.step() }
                if afterEvents.count > 1 { console.print("<!-- after event \(index) -->") }
                console.writeOutput(Array(player.state.html().utf8))
                if number == afterEvents.count - 1 { findings += player.state.findings }
            }
        } else if !offsets.isEmpty {
            for (number, offset) in offsets.enumerated() {
                let dom = offset.map { session.seek(to: $0) } ?? session.finalState()
                if offsets.count > 1 { console.print("<!-- at \(offset.map { ReplayPage.formatTime($0) } ?? "end") -->") }
                console.writeOutput(Array(dom.html().utf8))
                if number == offsets.count - 1 { findings += dom.findings }
            }
        } else {
            let timeline = Timeline(session: session)
            findings = timeline.findings
            if let jsonFile {
                try console.writeReport(timeline.canonicalBytes(), to: jsonFile, option: "--json")
            } else {
                console.print(render(timeline, file: file))
            }
        }
        for finding in findings { console.printError("finding: \(finding)") }
        return findings.isEmpty ? .success : .failure
    }

    /// Checks the session's artifacts against `root/scenario/` and lists goldens of that scenario nothing produced.
    static func compareWithGolden(_ session: ReplaySession, scenario: String, root: String, recordMode: String?,
                                  console: Console) throws(CommandError) -> ExitStatus {
        let store: GoldenStore
        do {
            store = try GoldenStore(root: URL(fileURLWithPath: root), environment: ProcessInfo.processInfo.environment, recordFlag: recordMode)
        } catch {
            throw .usage(error.message)
        }
        var normaliser = IdentityNormaliser()
        var failed = false
        for artifact in ReplayArtifacts.make(recording: session, normaliser: &normaliser) {
            if let failure = store.check(scenario: scenario, artifact: artifact.name, actual: artifact.bytes) {
                console.printError(failure.message)
                failed = true
            } else {
                console.print("ok: \(root)/\(scenario)/\(artifact.name)")
            }
        }
        let unused = store.unusedGoldens().filter { $0.hasPrefix(scenario + "/") }
        if !unused.isEmpty {
            console.printError("not produced by this recording:\n" + unused.map { "  \(root)/\($0)" }.joined(separator: "\n"))
            failed = true
        }
        return failed ? .failure : .success
    }

    /// `1500`, `1500ms`, `2.5s`, `1m`, or `end` (nil).
    static func parseTime(_ text: String) -> Int64?? {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        if lower == "end" { return .some(nil) }
        var number = lower
        var factor = 1.0
        if number.hasSuffix("ms") {
            number.removeLast(2)
        } else if number.hasSuffix("s") {
            number.removeLast()
            factor = 1000
        } else if number.hasSuffix("m") {
            number.removeLast()
            factor = 60_000
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        return .some(Int64((value * factor).rounded()))
    }

    static func render(_ timeline: Timeline, file: String) -> String {
        var lines = ["\(file): \(timeline.entries.count) timeline entries over \(ReplayPage.formatTime(timeline.duration))"]
        for entry in timeline.entries {
            let time = ReplayPage.formatTime(entry.time)
            let padded = String(repeating: " ", count: max(0, 9 - time.count)) + time
            let kind = entry.kind.rawValue + String(repeating: " ", count: max(0, 9 - entry.kind.rawValue.count))
            lines.append("  \(padded)  \(kind) \(ReplayPage.plain(entry))  (event \(entry.eventIndex))")
        }
        return lines.joined(separator: "\n")
    }
}
