/// One rule of a reconstructed style sheet, the way the CSSOM holds it.
///
/// A style-like rule (`.a { color: red }`, `@font-face { … }`) keeps its
/// prelude and its declarations, so StyleDeclaration events can set and
/// remove properties; a grouping rule (`@media`, `@supports`, `@layer`,
/// `@keyframes`, …) keeps its child rules; a statement (`@import …;`) keeps
/// its text. `cssText` prints the browser's shape:
/// `.a { color: red; }`, `@media (x) { .a { color: red; } }`.
struct CSSRule: Equatable {
    enum Body: Equatable {
        case declarations(InlineStyle)
        case rules([CSSRule])
        case statement
    }

    /// The selector or at-rule prelude, trimmed (`.a`, `@media (min-width: 1px)`), or a statement's whole text.
    var prelude: String
    var body: Body

    /// The rule as the CSSOM's `cssText` would print it.
    var cssText: String {
        switch body {
        case .statement:
            return prelude
        case .declarations(let style):
            let text = style.text
            return text.isEmpty ? "\(prelude) { }" : "\(prelude) { \(text) }"
        case .rules(let children):
            return children.isEmpty ? "\(prelude) { }" : "\(prelude) { " + children.map(\.cssText).joined(separator: " ") + " }"
        }
    }
}

extension InlineStyle: Equatable {
    static func == (lhs: InlineStyle, rhs: InlineStyle) -> Bool { lhs.text == rhs.text }
}
