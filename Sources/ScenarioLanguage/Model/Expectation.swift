/// A claim about the outcome that later checks verify.
public enum Expectation: Sendable, Equatable {
    /// The person's visits produce exactly this many sessions.
    case sessionCount(person: String, count: Int)
    /// Visits to these two pages must not be linkable to each other.
    case unlinkable(String, String)
    /// Visits to these two pages belong to one session.
    case sameSession(String, String)
    /// No planted canary may appear in what the system stores.
    case noCanaryLeaks
    /// The value and text of the elements this CSS selector matches are never stored in clear.
    case masked(selector: String)
    /// After erasing this person, nothing of theirs can be read back: no session, canary or identifier.
    case erased(person: String)
}
