// Why this file is unsafe: the hit test reads the DOM's node storage and child lists by pointer
// (`UnsafeBufferPointer`: no bounds checks in release builds, no copy or retain of the nodes visited).
//
// What keeps it correct: the pointers are lent by `withUnsafeBufferPointer` for one hit test and never
// escape it; every id followed comes from the DOM's own child lists and content-document links, so it
// is always in range. A `StackedChildren` table is only used for the layout it was built from
// (`HitTest.tables` is emptied by every layout).

/// Finds the deepest element or document under a point of a laid-out DOM (`VirtualDOM.hitTest`).
///
/// At each level the last child drawn on top whose box holds the point wins: shadow children after
/// light ones, each list from its end. A long list of light children whose boxes stack without
/// overlapping (a list of blocks) is searched by halving instead (`StackedChildren`).
struct HitTest {
    /// The light-children tables of long lists for the current layout, a few at most (a page has few long
    /// lists), by parent; nil where the boxes do not stack.
    private var tables: [(parent: Int, table: StackedChildren?)] = []

    /// Lists shorter than this are scanned: a table costs more than it saves.
    static let shortestSearchedList = 12

    /// Forgets every table; called by each layout, which may move any box.
    mutating func layoutChanged() {
        if !tables.isEmpty { tables.removeAll(keepingCapacity: true) }
    }

    /// The deepest element or document of laid-out `nodes` whose box holds the point.
    mutating func deepestNode(x: Double, y: Double, in nodes: [VNode]) -> Int {
        nodes.withUnsafeBufferPointer { nodes in
            var current = 1
            var found = true
            while found {
                found = false
                let document = nodes[current].contentDocument
                if document != 0 {
                    if nodes[document].box.contains(x, y) {
                        current = document
                        found = true
                    }
                    continue
                }
                if let child = HitTest.lastChildContaining(x, y, in: nodes[current].shadowChildren, nodes)
                    ?? lightChildContaining(x, y, of: current, nodes) {
                    current = child
                    found = true
                }
            }
            return current
        }
    }

    /// The last light child of `parent` whose box holds the point, searched in its table when the list is long and stacks.
    private mutating func lightChildContaining(_ x: Double, _ y: Double, of parent: Int, _ nodes: UnsafeBufferPointer<VNode>) -> Int? {
        guard nodes[parent].children.count >= HitTest.shortestSearchedList else {
            return HitTest.lastChildContaining(x, y, in: nodes[parent].children, nodes)
        }
        let index: Int
        if let known = tables.firstIndex(where: { $0.parent == parent }) {
            index = known
        } else {
            index = tables.count
            tables.append((parent, StackedChildren(nodes[parent].children, nodes)))
        }
        guard tables[index].table != nil else { return HitTest.lastChildContaining(x, y, in: nodes[parent].children, nodes) }
        return tables[index].table?.child(containing: x, y, nodes)
    }

    /// The last element or document in `children` whose box contains the point.
    private static func lastChildContaining(_ x: Double, _ y: Double, in children: [Int], _ nodes: UnsafeBufferPointer<VNode>) -> Int? {
        children.withUnsafeBufferPointer { children in
            var position = children.count
            while position > 0 {
                position &-= 1
                let child = children[position]
                let kind = nodes[child].kind
                if (kind == .element || kind == .document) && nodes[child].box.contains(x, y) { return child }
            }
            return nil
        }
    }
}

/// The element and document children of one parent that can hold a point, when their boxes stack
/// top to bottom without overlapping, as a list of blocks does.
///
/// Then at most one of them holds any point, the last one starting at or above it, so a search by
/// halving finds the same child as scanning the whole list from its end. Children with no area
/// (hidden, empty) hold no point and are left out.
struct StackedChildren {
    private var tops: [Double] = []
    private var ids: [Int] = []

    /// The table of `children`, or nil when two boxes with area overlap or come out of order.
    init?(_ children: [Int], _ nodes: UnsafeBufferPointer<VNode>) {
        tops.reserveCapacity(children.count)
        ids.reserveCapacity(children.count)
        var lastBottom = -Double.infinity
        for child in children {
            let kind = nodes[child].kind
            guard kind == .element || kind == .document else { continue }
            let box = nodes[child].box
            guard box.width > 0, box.height > 0 else { continue }
            guard box.y >= lastBottom else { return nil }
            lastBottom = box.y + box.height
            tops.append(box.y)
            ids.append(child)
        }
    }

    /// The child whose box holds the point, if any.
    func child(containing x: Double, _ y: Double, _ nodes: UnsafeBufferPointer<VNode>) -> Int? {
        // The number of tops at or above y; the child before that position is the only candidate.
        var low = 0
        var high = tops.count
        while low < high {
            let middle = (low &+ high) >> 1
            if tops[middle] <= y { low = middle &+ 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let candidate = ids[low &- 1]
        return nodes[candidate].box.contains(x, y) ? candidate : nil
    }
}
