/// How the collector fails the SDK's uploads during a scripted outage.
public enum OutageFailure: Sendable, Equatable {
    /// Every request is answered with this HTTP status (a 5xx is retried, a 4xx is not).
    case status(Int)
    /// Requests get no answer: each attempt fails when the SDK's request timeout runs out.
    case timeout
    /// The browser is offline: each attempt fails at once with a network error.
    case offline
}
