/// The address of a node inside an `HTMLDocument`: a list of steps from the document down.
///
/// Paths stay valid only until the document is edited above or before the node.
/// They order in document order, which makes sorted match lists deterministic.
public struct NodePath: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// One step down the tree.
    public enum Step: Sendable, Hashable {
        /// The child at this index of the current node's `children`.
        case child(Int)
        /// Into the current element's shadow root.
        case shadowRoot
        /// Into the current iframe element's content document.
        case contentDocument
    }

    /// The steps from the document to the node.
    public var steps: [Step]

    /// Creates a path from its steps; the empty path is the document itself.
    public init(_ steps: [Step] = []) {
        self.steps = steps
    }

    /// The path of the parent node (its container's path for a shadow or frame child).
    public var parent: NodePath? {
        guard !steps.isEmpty else { return nil }
        var copy = steps
        copy.removeLast()
        while let last = copy.last, last == .shadowRoot || last == .contentDocument { copy.removeLast() }
        return NodePath(copy)
    }

    /// This path extended by one step.
    public func appending(_ step: Step) -> NodePath {
        NodePath(steps + [step])
    }

    public static func < (lhs: NodePath, rhs: NodePath) -> Bool {
        for (a, b) in zip(lhs.steps, rhs.steps) where a != b {
            return a.order < b.order
        }
        return lhs.steps.count < rhs.steps.count
    }

    /// Written like `/0/2/#shadow/1`.
    public var description: String {
        "/" + steps.map { step in
            switch step {
            case .child(let index): return String(index)
            case .shadowRoot: return "#shadow"
            case .contentDocument: return "#document"
            }
        }.joined(separator: "/")
    }
}

extension NodePath.Step {
    /// Shadow trees come before light children, and a frame document before both, in document order.
    fileprivate var order: Int {
        switch self {
        case .contentDocument: return -2
        case .shadowRoot: return -1
        case .child(let index): return index
        }
    }
}
