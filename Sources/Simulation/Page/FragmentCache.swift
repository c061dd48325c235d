import Markup

/// Parsed HTML fragments by their text, shared by every simulation in the process, so each is parsed once.
///
/// A scenario's `add-element` steps insert the same markup in every simulation of it (one per
/// seed), and parsing it costs far more than looking it up. Parsing is a function of the text
/// alone, so the cached document is the one a fresh parse gives.
///
/// ```swift
/// let fragment = FragmentCache.shared.parsed("<li class=\"line\">Trail mug</li>")
/// ```
final class FragmentCache: Sendable {
    /// The cache every page uses.
    static let shared = FragmentCache()

    /// At most this many fragments are kept; past that the cache starts empty again.
    static let capacity = 1024

    /// Fragments longer than this many bytes are parsed every time rather than kept.
    static let largestKept = 16 * 1024

    private let parsedByText = TextCache<HTMLDocument>(capacity: FragmentCache.capacity)

    /// `html` parsed as `HTMLParser.parse` parses it.
    func parsed(_ html: String) -> HTMLDocument {
        guard html.utf8.count <= Self.largestKept else { return HTMLParser.parse(html) }
        return parsedByText.value(for: html) { HTMLParser.parse($0) }
    }
}
