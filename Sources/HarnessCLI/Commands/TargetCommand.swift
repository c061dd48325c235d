import Ingest

/// `session-harness target check FILE`: validates a target configuration and prints what it would send and read, sending nothing.
///
/// ```
/// $ session-harness target check docs/examples/targets/reference.json
/// target reference: valid
/// ```
enum TargetCommand: Command {
    static let name = "target"
    static let summary = "Check a target configuration and print the requests it would make"
    static let positionals = "check FILE"
    static let options: [OptionDeclaration] = [
        .value("--setting", "KEY=VALUE", help: "Override one of the configuration's settings (repeatable).", repeatable: true),
    ]
    static let about = """
        Reads a target configuration (docs/targets.md) and reports every mistake with
        its JSON path and a suggestion. When it is valid, prints for one sample batch
        the exact requests it would send, the acknowledgement rule, the read-back
        plan with its first request for a sample session, and the erasure request.
        Nothing is sent.
        """
    static let epilogue = """
        Exit status: 0 when the configuration is valid, 1 when it is not, 64 for a
        wrong command line.
        """

    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus {
        let words = arguments.positionals
        guard words.first == "check" else { throw .usage(words.isEmpty ? "target needs 'check FILE'" : "unknown target action '\(words[0])'; the only one is 'check'") }
        guard words.count == 2 else { throw .usage("target check takes one FILE") }
        var settings: [String: String] = [:]
        for setting in arguments.values("--setting") {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else { throw .usage("--setting takes KEY=VALUE, not '\(setting)'") }
            settings[String(setting[..<equals])] = String(setting[setting.index(after: equals)...])
        }
        do {
            let configuration = try TargetConfiguration(contentsOf: words[1], settings: settings)
            console.print(try configuration.planDescription())
            return .success
        } catch {
            console.printError(error.message.split(separator: "\n").map { "error: \($0)" }.joined(separator: "\n"))
            return .failure
        }
    }
}
