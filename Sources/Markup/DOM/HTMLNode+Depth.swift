extension HTMLNode {
    /// How many elements deep the node's tree goes, itself included: 0 for text, 1 for an element holding no element.
    ///
    /// Shadow children and a frame's document count as one level below their host, as the parser counts them
    /// against `HTMLParser.maximumDepth`.
    ///
    /// ```swift
    /// HTMLParser.parse("<ul><li><b>x</b></li></ul>").children[0].elementDepth // 3
    /// ```
    public var elementDepth: Int {
        guard case .element(let element) = self else { return 0 }
        var deepest = element.children.map(\.elementDepth).max() ?? 0
        if let shadow = element.shadowRoot { deepest = max(deepest, shadow.children.map(\.elementDepth).max() ?? 0) }
        if let document = element.contentDocument { deepest = max(deepest, document.children.map(\.elementDepth).max() ?? 0) }
        return 1 + deepest
    }
}

extension NodePath {
    /// How many elements deep the node at this path is: 1 for a child of the document.
    public var elementDepth: Int {
        steps.count { if case .child = $0 { return true }; return false }
    }
}
