/// One verb of `session-harness`, such as `inspect` or `lint`.
///
/// A verb parses its own arguments, writes to the console it is given and
/// returns its exit status; it never calls `exit` itself, so tests can run it
/// in-process.
public protocol Command {
    /// The word that selects the verb on the command line.
    static var name: String { get }
    /// One line for the verb list in `session-harness --help`.
    static var summary: String { get }
    /// The full `--help` text of the verb.
    static var help: String { get }
    /// Runs the verb with the arguments after its name.
    static func run(_ arguments: [String], console: Console) async -> ExitStatus
}

/// The exit statuses `session-harness` uses.
public enum ExitStatus: Int32, Sendable {
    /// Everything checked was fine.
    case success = 0
    /// The tool worked, and what it checked has problems.
    case failure = 1
    /// The command line itself was wrong (sysexits' EX_USAGE).
    case usage = 64
}
