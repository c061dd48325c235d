/// One node of an HTML tree: an element, a run of text, a comment or a doctype.
public enum HTMLNode: Sendable, Equatable {
    /// An element with its attributes and children.
    case element(HTMLElement)
    /// Character data with entities already decoded.
    case text(String)
    /// The text between `<!--` and `-->`.
    case comment(String)
    /// The name given in `<!DOCTYPE name>` (usually `html`).
    case doctype(String)

    /// The element, when this node is one.
    public var element: HTMLElement? {
        if case .element(let element) = self { return element }
        return nil
    }
}
