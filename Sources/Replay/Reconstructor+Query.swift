import SessionModel

extension Reconstructor {
    /// The whole DOM as HTML; `.canonical` is the form goldens and seek/play comparisons use.
    public func html(style: HTMLStyle = .canonical) -> String {
        DOMTreeSerializer.render(tree, document: tree.root, style: style)
    }

    /// The top document, once a FullSnapshot has been applied.
    public var document: DOMNodeView? {
        tree.root >= 0 ? DOMNodeView(tree: tree, handle: tree.root) : nil
    }

    /// The node mapped to rrweb id `id`.
    public func node(id: Int) -> DOMNodeView? {
        tree.lookup(id).map { DOMNodeView(tree: tree, handle: $0) }
    }

    /// The top document's selected ranges from the last Selection event, nil before any.
    public var selection: [SelectionRange]? { tree.page.selection }

    /// Names defined with `customElements.define`, in order (CustomElement events).
    public var customElements: [String] { tree.page.customElements }

    /// Every rrweb id currently mapped, sorted.
    public var mappedIds: [Int] {
        var ids: [Int] = []
        for (handle, node) in tree.nodes.enumerated() where node.id >= 0 && tree.lookup(node.id) == NodeHandle(handle) {
            ids.append(node.id)
        }
        return ids.sorted()
    }
}

/// A read-only look at one node of a reconstructed DOM, for checks and timelines.
///
/// A view reads the live tree: it sees later events applied to the same `Reconstructor`.
public struct DOMNodeView {
    let tree: DOMTree
    let handle: NodeHandle

    private var node: DOMNode { tree[handle] }

    public var type: NodeType { node.type }
    /// The rrweb id, or -1 for nodes the replayer made itself.
    public var id: Int { node.id }
    /// The element name, lower-case as recorded; empty for other nodes.
    public var tagName: String { node.tagName }
    /// The attribute `name` (never an `rr_*` property).
    public func attribute(_ name: String) -> String? { node.attribute(name) }
    /// The attributes sorted by name.
    public var attributes: [(name: String, value: String)] {
        node.attributes.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
    /// The `rr_*` property `name` (`rr_width`, `rr_mediaState`, ...).
    public func extra(_ name: String) -> JSONValue? { tree.extras(of: handle).first { $0.name == name }?.value }
    /// Light-DOM children.
    public var children: [DOMNodeView] { node.children.map { DOMNodeView(tree: tree, handle: $0) } }
    /// The children of the open shadow root, or nil without one.
    public var shadowRoot: [DOMNodeView]? { node.shadowRoot?.map { DOMNodeView(tree: tree, handle: $0) } }
    /// An iframe's content document.
    public var contentDocument: DOMNodeView? { node.contentDocument >= 0 ? DOMNodeView(tree: tree, handle: node.contentDocument) : nil }
    public var parent: DOMNodeView? { node.parent >= 0 ? DOMNodeView(tree: tree, handle: node.parent) : nil }
    /// Text of text and comment nodes; for elements, the DOM `textContent` (light DOM).
    public var textContent: String { tree.textContent(handle) }
    /// Whether this is an iframe's content document.
    public var isFrameDocument: Bool { node.type == .document && node.hostFrame >= 0 }
    /// Whether the node still hangs (through parents, shadow roots and iframes) from the top document.
    public var isConnected: Bool {
        var current = handle
        while current >= 0 {
            if current == tree.root { return true }
            let node = tree[current]
            current = node.parent >= 0 ? node.parent : node.hostFrame
        }
        return false
    }

    /// The value a form control shows: the typed value once an Input event set it, else what the markup gives.
    public var value: String? {
        guard node.type == .element else { return nil }
        if let current = node.currentValue { return current }
        switch node.tagName {
        case "textarea": return textContent
        case "select":
            let options = descendants { $0.tagName == "option" }
            let chosen = options.first { $0.attribute("selected") != nil } ?? options.first
            return chosen.map { $0.attribute("value") ?? $0.textContent }
        case "input": return node.attribute("value") ?? ""
        default: return node.attribute("value")
        }
    }

    /// Whether a checkbox or radio is checked now.
    public var isChecked: Bool { node.currentChecked ?? (node.attribute("checked") != nil) }

    /// The current rules of a `<style>` element's sheet, each as its `cssText` (CSSOM changes included); nil for other nodes.
    public var cssRules: [String]? {
        guard node.type == .element, node.tagName == "style" else { return nil }
        return (tree.styles.elementSheets[handle] ?? StyleSheet(text: textContent)).cssTexts
    }

    /// The rules of each sheet a document or shadow host adopts, in adoption order.
    public var adoptedStyleSheets: [[String]] {
        tree.styles.adoptedSheets(of: handle).map(\.sheet.cssTexts)
    }

    /// Scroll position (left, top) of an element, or of the window for a document.
    public var scroll: (left: Double, top: Double) { node.scroll ?? (0, 0) }

    /// Descendants in document order (light DOM, then into shadow roots and iframe documents) that satisfy `predicate`.
    public func descendants(where predicate: (DOMNodeView) -> Bool) -> [DOMNodeView] {
        var result: [DOMNodeView] = []
        collect(handle, predicate, into: &result)
        return result
    }

    /// Walks the subtree below `handle` in document order with an explicit stack (any depth), keeping what `predicate` accepts.
    private func collect(_ handle: NodeHandle, _ predicate: (DOMNodeView) -> Bool, into result: inout [DOMNodeView]) {
        DepthFirst.forEach(Self.below(handle, in: tree), children: { Self.below($0, in: tree) }) { node, _ in
            let view = DOMNodeView(tree: tree, handle: node)
            if predicate(view) { result.append(view) }
        }
    }

    /// What lies directly below a node in document order: its shadow root's children, its light children, then an iframe's document.
    private static func below(_ handle: NodeHandle, in tree: DOMTree) -> [NodeHandle] {
        let contentDocument = tree[handle].contentDocument
        let children = (tree[handle].shadowRoot ?? []) + tree[handle].children
        return contentDocument >= 0 ? children + [contentDocument] : children
    }

    /// The first descendant element with tag `tagName` and, if given, attribute `id`.
    public func first(_ tagName: String, id: String? = nil) -> DOMNodeView? {
        descendants { $0.type == .element && $0.tagName == tagName && (id == nil || $0.attribute("id") == id) }.first
    }

    /// This node and its subtree as HTML.
    public func html(style: HTMLStyle = .canonical) -> String {
        var serializer = DOMTreeSerializer(tree: tree, style: style)
        serializer.node(handle, depth: 0, selectValue: nil)
        return serializer.output
    }
}
