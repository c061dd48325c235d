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
    ///
    /// With an `erase` step for the person, "after" is that step (the last one):
    /// what was sent before it must be gone, what came after may stay.
    case erased(person: String)
    /// No two visits of this person (page views, even on one site) share an identifier: a person with cookies off is not identified as they browse.
    case notIdentified(person: String)
}
