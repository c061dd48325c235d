/// One verb of `session-harness`, such as `inspect` or `lint`.
///
/// A verb declares its options once in `options`; its usage line, the option
/// list of its `--help`, unknown-option errors and "did you mean" all come from
/// that list. It writes to the console it is given, throws `CommandError` when it
/// cannot do its work and returns its exit status otherwise; it never calls
/// `exit` or prints its own errors, so tests can run it in-process.
protocol Command {
    /// The word that selects the verb on the command line.
    static var name: String { get }
    /// One line for the verb list in `session-harness --help`.
    static var summary: String { get }
    /// The positional words of the usage line, such as `FILE...`; empty when the verb takes none.
    static var positionals: String { get }
    /// Every option the verb accepts, in the order help and usage list them (`--help` is added).
    static var options: [OptionDeclaration] { get }
    /// The paragraphs of `--help` between the usage line and the options.
    static var about: String { get }
    /// The paragraphs of `--help` after the options; they end with the exit statuses.
    static var epilogue: String { get }
    /// Runs the verb with its parsed arguments.
    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus
}

extension Command {
    /// The usage line, wrapped: `Usage: session-harness inspect FILE... [--json]`.
    static var usage: String { HelpText.usage(verb: name, positionals: positionals, options: options) }

    /// The full `--help` text.
    static var help: String { HelpText.help(usage: usage, about: about, options: options, epilogue: epilogue) }
}
