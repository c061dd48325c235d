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

    /// Visits this entry, then its children in reverse order, depth first (rrweb's `iterateResolveTree`), with an explicit stack.
    func visit(_ body: (AddedNode) -> Void) {
        var pending: [ResolveTree] = [self]
        while let entry = pending.popLast() {
            body(entry.value)
            // Pushed in order, so the last child is visited first.
            pending.append(contentsOf: entry.children)
        }
    }

    /// The number of entries in this tree.
    var count: Int {
        var count = 0
        visit { _ in count += 1 }
        return count
    }

    /// Takes the tree below apart entry by entry: a long chain of queued adds would otherwise be released one recursive call a link.
    deinit {
        var pending = children
        children = []
        while let entry = pending.popLast() {
            pending.append(contentsOf: entry.children)
            entry.children = []
        }
    }
}
