import ScenarioLanguage

/// Canary templates found in JSON body strings, parsed by their text and shared by every simulation in the process.
///
/// A network step's body is the same JSON in every simulation of its scenario, and each
/// string with a `{canary ...}` marker was parsed again at every request. Parsing depends on
/// the text alone; a string that does not parse is kept as `nil`.
///
/// ```swift
/// let template = TemplateCache.shared.parsed("card {canary card}")
/// ```
final class TemplateCache: Sendable {
    /// The cache every engine uses.
    static let shared = TemplateCache()

    /// At most this many strings are kept; past that the cache starts empty again.
    static let capacity = 4096

    private let parsedByText = TextCache<Template?>(capacity: TemplateCache.capacity)

    /// `text` parsed as a template, or nil when it is not one.
    func parsed(_ text: String) -> Template? {
        parsedByText.value(for: text) { try? Template(parsing: $0) }
    }
}
