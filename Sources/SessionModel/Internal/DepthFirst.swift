/// Walks trees in document order with an explicit stack instead of recursion, so a tree of any depth is walked on any thread.
///
/// ```swift
/// DepthFirst.forEach(document.childNodes ?? [], children: { $0.childNodes ?? [] }) { node, parent in print(node.id) }
/// ```
package enum DepthFirst {
    /// Calls `visit` with each of `roots` and every node below it, each before its children, with its parent (nil for a root).
    package static func forEach<Node>(_ roots: [Node], children: (Node) -> [Node], _ visit: (_ node: Node, _ parent: Node?) -> Void) {
        var pending: [(nodes: [Node], next: Int, parent: Node?)] = [(roots, 0, nil)]
        while let top = pending.indices.last {
            let next = pending[top].next
            guard next < pending[top].nodes.count else {
                pending.removeLast()
                continue
            }
            pending[top].next = next + 1
            let node = pending[top].nodes[next]
            visit(node, pending[top].parent)
            let below = children(node)
            if !below.isEmpty { pending.append((below, 0, node)) }
        }
    }
}
