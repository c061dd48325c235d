import Foundation
import Goldens
import ScenarioLanguage
import SessionModel
import Simulation

/// `session-harness generate`: simulates scenarios and writes their events, upload schedules and manifests.
///
/// ```
/// $ session-harness generate Scenarios/ --output out --check-determinism
/// 15 scenarios, 21 sessions, 1716 events, 83 uploads; deterministic
/// ```
enum GenerateCommand: Command {
    static let name = "generate"
    static let summary = "Simulate scenarios into rrweb events, uploads and a manifest"
    static let positionals = "SCENARIO|DIR..."
    static let options: [OptionDeclaration] = [
        .value("--output", "DIR", help: "Where to write (required).", required: true),
        .value("--seed", "N", help: "Use this seed instead of each scenario's own."),
        .flag("--check-determinism", help: "Simulate everything twice and exit 1 if any byte differs."),
        .value("--third-party-cookies", "P",
               help: "How the jar treats the collector's cookie: partitioned (the default), unpartitioned or blocked."),
        .integer("--max-output", "BYTES", in: 1...(1 << 50),
                 help: "Largest total of one scenario's files (default 268435456, 256 MiB); a scenario over it is an error and nothing of it is written."),
    ]
    /// The default of `--max-output`: far above any real scenario's files, far below a full disk.
    static let defaultMaximumOutput = 256 << 20
    static let about = """
        Runs each scenario in a simulated browser with a simulated recorder SDK and
        writes, for each scenario file NAME.scenario:

          DIR/NAME/manifest.json               the truth: visits, ids, uploads, canaries, relations
          DIR/NAME/session-N/events.json       session N's rrweb events, window after window
          DIR/NAME/session-N/window-K.json     window K's events alone (sessions with several tabs)
          DIR/NAME/session-N/uploads.json      session N's uploads: schedule, attempts, outcome, batch

        Every file is pretty canonical JSON (sorted keys) with a trailing newline;
        JSON nested more than 64 levels deep stays compact on its line. The same
        scenario and seed always give byte-identical files. A scenario's folder is
        first written as DIR/.NAME.partial and renamed into place when complete, so
        a failed write leaves the earlier folder or none.
        """
    static let epilogue = """
        Exit status: 0 on success, 1 when a scenario is invalid, cannot be simulated,
        is not deterministic, has more output than --max-output, or cannot be
        written, 64 for a wrong command line.
        """

    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus {
        let checkDeterminism = arguments.flag("--check-determinism")
        let paths = arguments.positionals
        guard let output = arguments.value("--output"), !paths.isEmpty else {
            throw .usage("generate needs scenario files and --output DIR")
        }
        let seed = try arguments.value("--seed", as: { UInt64($0) }, expecting: "a whole number from 0 to \(UInt64.max)")
        var options = SimulatorOptions()
        if let policy = try arguments.value("--third-party-cookies", as: ThirdPartyCookiePolicy.init(rawValue:),
                                            expecting: "partitioned, unpartitioned or blocked") {
            options.thirdPartyCookies = policy
        }
        let byteLimit = arguments.integer("--max-output") ?? defaultMaximumOutput
        var files: [String] = []
        for path in paths {
            files += try LintCommand.scenarioFiles(at: path)
        }
        var failed = false
        var totals = (scenarios: 0, sessions: 0, events: 0, uploads: 0)
        var nondeterministic: [String] = []
        for file in files {
            // The folder is replaced wholesale, so a name like `..` (from `..scenario`) would delete outside --output.
            if let problem = GoldenPath.problem(withName: scenarioFolderName(file)) {
                console.printError("error: \(ControlCharacters.escaped(file)): its name cannot be a folder under --output: \(problem)")
                failed = true
                continue
            }
            let data: [UInt8]
            do throws(FileFailure) {
                data = try InputFile.read(file, limit: InputFile.textLimit, what: "a scenario")
            } catch {
                console.printError("error: cannot read \(file): \(error.reason)")
                failed = true
                continue
            }
            let scenario: Scenario
            do {
                scenario = try Scenario(parsing: ScenarioSource.text(from: data, file: file).get(), file: file)
            } catch {
                console.printError(DiagnosticRenderer.render(error.diagnostics))
                failed = true
                continue
            }
            let name = scenarioFolderName(file)
            let folder = output + "/" + name
            do {
                let simulation = try Simulator(scenario: scenario, seed: seed, options: options).run()
                let rendered = try SimulationFiles.render(simulation, byteLimit: byteLimit)
                if checkDeterminism {
                    let again = try SimulationFiles.render(try Simulator(scenario: scenario, seed: seed, options: options).run(), byteLimit: byteLimit)
                    let differing = differences(rendered, again)
                    if !differing.isEmpty {
                        nondeterministic += differing.map { folder + "/" + $0 }
                    }
                }
                try ScenarioFolder.replace(name, in: output, with: rendered)
                totals.scenarios += 1
                totals.sessions += simulation.sessions.count
                totals.events += simulation.sessions.reduce(0) { $0 + $1.windows.reduce(0) { $0 + $1.events.count } }
                totals.uploads += simulation.uploads.count
            } catch let error as SimulationError {
                console.printError(error.description)
                failed = true
            } catch let tooLarge as SimulationFiles.TooLarge {
                console.printError("""
                    error: \(ControlCharacters.escaped(file)): its files would be more than --max-output \(tooLarge.limit) bytes \
                    (\(tooLarge.reached) bytes by \(tooLarge.path)); nothing was written for it. \
                    Simplify the scenario, or raise --max-output.
                    """)
                failed = true
            } catch let failure as FileFailure {
                console.printError("error: cannot write --output \(ControlCharacters.escaped(output)): \(failure.reason)")
                failed = true
            } catch {
                console.printError("error: \(ControlCharacters.escaped(file)): \(error)")
                failed = true
            }
        }
        var summary = [
            quantity(totals.scenarios, "scenario"), quantity(totals.sessions, "session"), quantity(totals.events, "event"),
            quantity(totals.uploads, "upload"),
        ].joined(separator: ", ")
        if checkDeterminism {
            if nondeterministic.isEmpty {
                summary += "; deterministic"
            } else {
                for path in nondeterministic { console.printError("error: \(path) differs between two runs with the same seed") }
                summary += "; NOT deterministic (\(nondeterministic.count) files differ)"
                failed = true
            }
        }
        console.print(summary)
        return failed ? .failure : .success
    }

    /// `checkout` for `Scenarios/checkout.scenario`.
    static func scenarioFolderName(_ file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return base.hasSuffix(".scenario") ? String(base.dropLast(".scenario".count)) : base
    }

    /// Paths whose bytes differ, or that exist in only one run.
    static func differences(_ a: [(path: String, bytes: [UInt8])], _ b: [(path: String, bytes: [UInt8])]) -> [String] {
        var result: [String] = []
        for file in a where !b.contains(where: { $0.path == file.path && $0.bytes == file.bytes }) { result.append(file.path) }
        for file in b where !a.contains(where: { $0.path == file.path }) { result.append(file.path) }
        return result
    }
}
