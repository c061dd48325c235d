import Foundation
@testable import HarnessCLI
import Testing

/// Help, usage, known options and parsing all come from each verb's one option list.
@Suite("option declarations")
struct OptionDeclarationTests {
    @Test("every declared option appears in the verb's usage line and its --help", arguments: ["generate", "inspect", "lint", "replay", "run", "serve", "target"])
    func everyOptionIsShown(_ verb: String) throws {
        let command = try #require(SessionHarnessCommand.command(named: verb))
        for option in command.options {
            #expect(command.usage.contains(option.usageWord), "\(verb) usage lacks \(option.usageWord)")
            #expect(command.help.contains("  " + option.synopsis), "\(verb) --help lacks \(option.synopsis)")
        }
        #expect(command.help.hasPrefix(command.usage + "\n"))
        #expect(command.help.contains("  -h, --help"))
        #expect(command.help.contains("Exit status: "))
    }

    @Test("every single-valued option of every verb given twice is a usage error naming it, before the verb does anything",
          arguments: ["generate", "inspect", "lint", "replay", "run", "serve", "target"])
    func repeatedSingleOptionIsAUsageError(_ verb: String) async throws {
        let command = try #require(SessionHarnessCommand.command(named: verb))
        for option in command.options where !option.isRepeatable {
            let given: [String]
            switch option.kind {
            case .flag: given = [option.name]
            case .value: given = [option.name, "first"]
            case .integer(_, let range): given = [option.name, String(range.lowerBound)]
            }
            let console = Console.capturing()
            let status = await SessionHarnessCommand.main([verb] + given + given, console: console)
            #expect(status == .usage, "\(verb) \(option.name) twice: \(console.errors)")
            #expect(console.errors.hasPrefix("error: \(option.name) given twice"), "\(verb): \(console.errors)")
        }
    }

    @Test("generate's usage now names every option it takes")
    func generateUsage() {
        #expect(GenerateCommand.usage == """
            Usage: session-harness generate SCENARIO|DIR... --output DIR [--seed N]
                                            [--check-determinism] [--third-party-cookies P]
                                            [--max-output BYTES]
            """)
    }

    @Test("parsing: values, `=` values, repeats, `--` and the positional words")
    func parses() throws {
        let options: [OptionDeclaration] = [
            .flag("--json", help: "JSON."),
            .value("--seed", "N", help: "Seed."),
            .value("--at", "TIME", help: "Time.", repeatable: true),
            .integer("--port", "N", in: 0...65535, help: "Port."),
        ]
        let parsed = try ParsedArguments(["a", "--seed", "-1", "--at=1s", "--json", "--at", "end", "--port", "80", "--", "--b"], options: options)
        #expect(parsed.positionals == ["a", "--b"])
        #expect(parsed.value("--seed") == "-1")
        #expect(parsed.values("--at") == ["1s", "end"])
        #expect(parsed.flag("--json"))
        #expect(parsed.integer("--port") == 80)
    }

    @Test("parsing errors are usage errors in words", arguments: [
        (["--seed", "1", "--seed", "2"], "--seed given twice"),
        (["--json", "--json"], "--json given twice"),
        (["--json=yes"], "--json takes no value"),
        (["--seed"], "--seed needs a value"),
        (["--port", "http"], "--port takes a whole number from 0 to 65535, not 'http'"),
        (["--sed", "1"], "unknown option '--sed'; did you mean '--seed'?"),
    ])
    func parsingErrors(_ arguments: [String], _ message: String) {
        let options: [OptionDeclaration] = [
            .flag("--json", help: "JSON."),
            .value("--seed", "N", help: "Seed."),
            .integer("--port", "N", in: 0...65535, help: "Port."),
        ]
        #expect(throws: CommandError.usage(message)) { try ParsedArguments(arguments, options: options) }
    }

    @Test("a server that cannot start exits 69 with the reason in words")
    func serverUnavailable() async {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["serve", "--host", "1.2.3.4", "--port", "9"], console: console)
        #expect(status == .unavailable)
        #expect(console.errors == "error: cannot start the server: cannot listen on 1.2.3.4:9: Cannot assign requested address\n")
    }

    @Test("a report that cannot be written is named by its option and errno, not a Foundation dump")
    func unwritableReport() async throws {
        let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/js-errors.scenario").path
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["run", scenario, "--record", "never", "--json", "/nonexistent/folder/run.json"], console: console)
        #expect(status == .failure)
        #expect(console.errors.hasSuffix("error: cannot write --json /nonexistent/folder/run.json: folder /nonexistent does not exist\n"), "\(console.errors)")
    }

    @Test("replay: --golden and --record need --golden-name")
    func replayGoldenNeedsName() async {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["replay", "x.json", "--golden", "golden"], console: console)
        #expect(status == .usage)
        #expect(console.errors.hasPrefix("error: --golden and --record need --golden-name SCENARIO\nUsage: session-harness replay"))
    }
}
