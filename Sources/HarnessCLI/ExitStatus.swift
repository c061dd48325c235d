/// The exit statuses `session-harness` uses; every verb's `--help` lists the ones it can end with.
public enum ExitStatus: Int32, Sendable {
    /// Everything checked was fine.
    case success = 0
    /// The tool worked, and what it checked has problems.
    case failure = 1
    /// The command line itself was wrong (sysexits' EX_USAGE).
    case usage = 64
    /// The endpoint could not be reached or the server could not start (sysexits' EX_UNAVAILABLE).
    case unavailable = 69
    /// A load run or merge worked, and a threshold did not hold (the status k6 uses).
    case thresholdsFailed = 99
}
