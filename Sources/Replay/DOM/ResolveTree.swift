import SessionModel

/// Queued adds arranged as rrweb's "resolve trees": each entry under its queued parent, before its queued next sibling.
final class ResolveTree {
    let value: AddedNode
    weak var parent: ResolveTree?
    var children: [ResolveTree] = []

    init(_ value: AddedNode, parent: ResolveTree?) {
        self.value = value
        self.parent = parent
    }

    /// rrweb's `queueToResolveTrees`, keeping its ordering rules exactly.
    static func build(from queue: [AddedNode]) -> [ResolveTree] {
        var byId: [Int: ResolveTree] = [:]
        var roots: [ResolveTree] = []
        for add in queue {
            if let nextId = add.nextSiblingId, nextId != 0, let next = byId[nextId] {
                if let parent = next.parent {
                    let node = ResolveTree(add, parent: parent)
                    byId[add.node.id] = node
                    let index = parent.children.firstIndex { $0 === next } ?? parent.children.count
                    parent.children.insert(node, at: index)
                } else {
                    let node = ResolveTree(add, parent: nil)
                    byId[add.node.id] = node
                    let index = roots.firstIndex { $0 === next } ?? roots.count
                    roots.insert(node, at: index)
                }
                continue
            }
            if let parent = byId[add.parentId] {
                let node = ResolveTree(add, parent: parent)
                byId[add.node.id] = node
                parent.children.append(node)
                continue
            }
            let node = ResolveTree(add, parent: nil)
            byId[add.node.id] = node
            roots.append(node)
        }
        return roots
    }

    /// Visits this entry, then its children in reverse order, depth first (rrweb's `iterateResolveTree`).
    func visit(_ body: (AddedNode) -> Void) {
        body(value)
        for child in children.reversed() { child.visit(body) }
    }

    /// The number of entries in this tree.
    var count: Int { 1 + children.reduce(0) { $0 + $1.count } }
}
