import SessionModel

/// The `session-harness` program: picks the verb, parses its arguments, runs it, and turns every error into words and an exit status.
///
/// This is the one place errors reach the user: a verb throws `CommandError`,
/// and `main` writes `error: REASON` to standard error (with the verb's usage
/// line for a usage error) and returns the matching status: 0 pass, 1 failed
/// checks, 64 usage, 69 endpoint or server unavailable.
///
/// ```swift
/// let status = await SessionHarnessCommand.main(["inspect", "recording.json"], console: .process())
/// ```
public enum SessionHarnessCommand {
    /// Every verb, in the order `--help` lists them.
    static var commands: [any Command.Type] {
        [
            GenerateCommand.self,
            InspectCommand.self,
            LintCommand.self,
            LoadCommand.self,
            MergeCommand.self,
            PrivacyCommand.self,
            ReplayCommand.self,
            RunCommand.self,
            ServeCommand.self,
            TargetCommand.self,
        ]
    }

    /// Runs the program with the arguments after the program name.
    public static func main(_ arguments: [String], console: Console) async -> ExitStatus {
        guard let verb = arguments.first else {
            console.printError(overview)
            return .usage
        }
        if verb == "--help" || verb == "-h" || verb == "help" {
            if arguments.count > 1, let command = command(named: arguments[1]) {
                console.print(command.help)
            } else {
                console.print(overview)
            }
            return .success
        }
        if verb == "--version" {
            console.print("session-harness \(version)")
            return .success
        }
        guard let command = command(named: verb) else {
            var message = "error: unknown verb '\(verb)'"
            if let suggestion = Suggestions.closest(to: verb, among: commands.map { $0.name }) {
                message += "; did you mean '\(suggestion)'?"
            }
            console.printError(message + "\nRun 'session-harness --help' for the list of verbs.")
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            console.print(command.help)
            return .success
        }
        do {
            let parsed = try ParsedArguments(rest, options: command.options)
            try checkReportFiles(parsed, options: command.options)
            return try await command.run(parsed, console: console)
        } catch {
            report(error, usage: command.usage, console: console)
            return error.exitStatus
        }
    }

    /// Refuses a report file that cannot be written before the verb does its work, which may take minutes.
    private static func checkReportFiles(_ arguments: ParsedArguments, options: [OptionDeclaration]) throws(CommandError) {
        for option in options where option.writesFile {
            for path in arguments.values(option.name) where path != "-" {
                do throws(FileFailure) {
                    try OutputFile.checkWritable(path)
                } catch {
                    throw .failed("cannot write \(option.name) \(ControlCharacters.escaped(path)): \(error.reason)")
                }
            }
        }
    }

    /// Writes `error: REASON`, and for a usage error the verb's usage line, to standard error.
    private static func report(_ error: CommandError, usage: String, console: Console) {
        if case .usage = error {
            console.printError("error: \(error.message)\n\(usage)")
        } else {
            console.printError("error: \(error.message)")
        }
    }

    static let version = "0.1.0"

    static func command(named name: String) -> (any Command.Type)? {
        commands.first { $0.name == name }
    }

    static var overview: String {
        let width = commands.map { $0.name.count }.max() ?? 0
        let verbs = commands.map { command in
            "  " + command.name + String(repeating: " ", count: width - command.name.count + 2) + command.summary
        }
        return """
            session-harness: simulate, send, read back and check web session recordings.

            Usage: session-harness <verb> [options]

            Verbs:
            \(verbs.joined(separator: "\n"))

            Run 'session-harness <verb> --help' for a verb's options.
            Exit status: 0 pass, 1 failed checks, 64 wrong command line, 69 endpoint
            unreachable or misbehaving or server not started, 99 load thresholds failed.
            """
    }
}
