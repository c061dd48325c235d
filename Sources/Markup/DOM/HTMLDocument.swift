/// A parsed HTML document: the ordered top-level nodes of a page or an iframe's `srcdoc`.
///
/// Documents are plain values. Parse one with `HTMLParser.parse(_:)`, find elements
/// with `select(_:options:)`, change it with the path-based mutators in
/// `HTMLDocument+Editing.swift`, and turn it back into text with `HTMLSerializer`.
///
/// ```swift
/// let document = HTMLParser.parse(#"<form><input id="email" type="email"></form>"#)
/// let matches = document.select(try CSSSelector("form > #email"))
/// print(matches.first?.element.tagName ?? "none") // input
/// ```
public struct HTMLDocument: Sendable, Equatable {
    /// The top-level nodes, in source order (a doctype, comments, the `html` element or a fragment).
    public var children: [HTMLNode]

    /// Creates a document from its top-level nodes.
    public init(children: [HTMLNode] = []) {
        self.children = children
    }
}
