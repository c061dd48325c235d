/// Why a verb stopped before its work was done, in words; `SessionHarnessCommand` prints it and picks the exit status.
///
/// ```swift
/// throw .usage("--seed given twice")   // "error: --seed given twice", the usage line, exit 64
/// ```
enum CommandError: Error, Sendable, Equatable {
    /// The command line is wrong; printed with the verb's usage line.
    case usage(String)
    /// The endpoint could not be reached, or the server could not be started.
    case unavailable(String)
    /// The verb could not do its work, such as writing a report it was asked for.
    case failed(String)

    /// The reason, without the `error: ` prefix.
    var message: String {
        switch self {
        case .usage(let message), .unavailable(let message), .failed(let message): message
        }
    }

    /// The exit status the program ends with.
    var exitStatus: ExitStatus {
        switch self {
        case .usage: .usage
        case .unavailable: .unavailable
        case .failed: .failure
        }
    }
}
