/// Tracks which node ids exist and who their parents are, without building a DOM.
///
/// Used by `RecordingInspector` to tell a mutation that names an unknown node
/// from a valid one, following rrweb's order: removes, adds (with deferred
/// parents and next siblings), texts, attributes.
struct NodeIdTracker {
    private var parentOf: [Int: Int] = [:]
    private var childrenOf: [Int: [Int]] = [:]

    /// Starts over from a full snapshot; returns ids that occur more than once.
    mutating func reset(to document: SerializedNode) -> [Int] {
        parentOf = [:]
        childrenOf = [:]
        var duplicates: [Int] = []
        register(document, parent: nil, duplicates: &duplicates)
        return duplicates
    }

    /// Records `node` under `parent` and its subtree below it, in document order, with an explicit stack (any depth).
    private mutating func register(_ node: SerializedNode, parent: Int?, duplicates: inout [Int]) {
        record(node.id, parent: parent, duplicates: &duplicates)
        DepthFirst.forEach(node.childNodes ?? [], children: { $0.childNodes ?? [] }) { child, childParent in
            record(child.id, parent: childParent?.id ?? node.id, duplicates: &duplicates)
        }
    }

    private mutating func record(_ id: Int, parent: Int?, duplicates: inout [Int]) {
        if parentOf[id] != nil { duplicates.append(id) }
        parentOf[id] = parent ?? -1
        if let parent { childrenOf[parent, default: []].append(id) }
    }

    /// Applies one mutation and returns what was wrong with it.
    mutating func apply(_ mutation: Mutation) -> [String] {
        var problems: [String] = []
        let removedIds = Set(mutation.removes.map(\.id))
        for remove in mutation.removes {
            if parentOf[remove.id] != nil {
                unlink(remove.id)
            } else if !recentlyRemoved.contains(remove.id) {
                // Not gone with an ancestor removed earlier in this batch: never known.
                problems.append("remove of node \(remove.id), which is not in the document")
            }
        }
        recentlyRemoved = []
        var queue = mutation.adds
        var progressed = true
        while !queue.isEmpty, progressed {
            progressed = false
            var waiting: [AddedNode] = []
            for add in queue {
                if parentOf[add.parentId] != nil, add.nextSiblingId.map({ $0 == -1 || parentOf[$0] != nil }) ?? true {
                    var ignored: [Int] = []
                    if parentOf[add.node.id] != nil { unlink(add.node.id) }
                    register(add.node, parent: add.parentId, duplicates: &ignored)
                    progressed = true
                } else {
                    waiting.append(add)
                }
            }
            queue = waiting
        }
        for add in queue {
            if parentOf[add.parentId] == nil {
                problems.append("add of node \(add.node.id): parent \(add.parentId) is not in the document")
            } else if let next = add.nextSiblingId {
                problems.append("add of node \(add.node.id): next sibling \(next) is not in the document")
            }
        }
        for text in mutation.texts where parentOf[text.id] == nil && !removedIds.contains(text.id) {
            problems.append("text change of node \(text.id), which is not in the document")
        }
        for change in mutation.attributes where parentOf[change.id] == nil && !removedIds.contains(change.id) {
            problems.append("attribute change of node \(change.id), which is not in the document")
        }
        return problems
    }

    /// Ids unmapped earlier in the current batch of removes.
    private var recentlyRemoved: Set<Int> = []

    /// Removes a node and its whole subtree.
    private mutating func unlink(_ id: Int) {
        if let parent = parentOf[id], parent != -1 {
            childrenOf[parent]?.removeAll { $0 == id }
        }
        var stack = [id]
        while let current = stack.popLast() {
            parentOf[current] = nil
            recentlyRemoved.insert(current)
            stack.append(contentsOf: childrenOf.removeValue(forKey: current) ?? [])
        }
    }
}
