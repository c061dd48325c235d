import Markup

/// Parsed CSS selectors by their text, shared by every simulation in the process, so each is parsed once.
///
/// A scenario names the same few selectors in step after step, and the masker's
/// policy selectors are matched again after every change; parsing one costs far
/// more than looking it up. A selector that does not parse is kept as `nil`.
///
/// ```swift
/// let parsed = SelectorCache.shared.parsed("form#checkout input[type=email]")
/// ```
final class SelectorCache: Sendable {
    /// The cache every page uses.
    static let shared = SelectorCache()

    /// At most this many selectors are kept; past that the cache starts empty again.
    static let capacity = 4096

    private let parsedByText = TextCache<CSSSelector?>(capacity: SelectorCache.capacity)

    /// `text` parsed, or nil when it is not a selector.
    func parsed(_ text: String) -> CSSSelector? {
        parsedByText.value(for: text) { try? CSSSelector($0) }
    }
}
