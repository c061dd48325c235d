import SessionModel
/// The `session-harness` program: picks the verb and runs it.
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
            ReplayCommand.self,
            RunCommand.self,
            ServeCommand.self,
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
        return await command.run(rest, console: console)
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
            """
    }
}
