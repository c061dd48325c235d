/// Describes a node by a CSS-like selector that stays the same from run to run.
///
/// `button#pay` when the element has an id; otherwise the path from the
/// nearest ancestor with an id (or from `body`), each step `tag.class` with
/// `:nth-of-type(n)` when siblings share the tag. A step into a shadow root is
/// written ` >> `. Classes the recorder adds (`rr-*`) are left out. Paths
/// longer than five steps keep the last five after `… > `.
enum Selector {
    /// At most this many steps; a longer path keeps its last steps after `… > `.
    static let maximumSteps = 5

    static func describe(_ handle: NodeHandle, in tree: DOMTree) -> String {
        var current = handle
        if tree[current].type != .element {
            guard tree[current].parent >= 0 else { return "#\(tree[current].type)" }
            current = tree[current].parent
        }
        var steps: [String] = []
        var separators: [String] = []
        while current >= 0, tree[current].type == .element {
            let node = tree[current]
            if let id = node.attribute("id"), !id.isEmpty, !id.contains(where: { $0.isWhitespace }) {
                steps.append(node.tagName + "#" + id)
                break
            }
            if node.tagName == "body" || node.tagName == "html" {
                steps.append(node.tagName)
                break
            }
            steps.append(step(current, in: tree))
            separators.append(node.inShadow ? " >> " : " > ")
            current = node.parent
        }
        var result = ""
        if steps.count > maximumSteps {
            steps.removeLast(steps.count - maximumSteps)
            result = "… > "
        }
        for (position, step) in steps.enumerated().reversed() {
            result += step
            if position > 0 { result += separators[position - 1] }
        }
        return result
    }

    private static func step(_ handle: NodeHandle, in tree: DOMTree) -> String {
        let node = tree[handle]
        var text = node.tagName
        let classes = (node.attribute("class") ?? "").split(separator: " ").filter { !$0.hasPrefix("rr-") }.prefix(2)
        for name in classes { text += "." + name }
        if node.parent >= 0 {
            let parent = tree[node.parent]
            let siblings = (node.inShadow ? parent.shadowRoot ?? [] : parent.children).filter { tree[$0].type == .element && tree[$0].tagName == node.tagName }
            if siblings.count > 1, let position = siblings.firstIndex(of: handle) {
                text += ":nth-of-type(\(position + 1))"
            }
        }
        return text
    }
}
