/// Reading and editing a document by `NodePath`, for replaying DOM changes.
extension HTMLDocument {
    /// The node at `path`, or nil when the path leads nowhere.
    public func node(at path: NodePath) -> HTMLNode? {
        var nodes = children
        var pendingContainer: NodePath.Step? = nil
        var current: HTMLNode? = nil
        for step in path.steps {
            switch step {
            case .child(let index):
                guard index >= 0, index < nodes.count else { return nil }
                current = nodes[index]
                pendingContainer = nil
                nodes = current?.element?.children ?? []
            case .shadowRoot:
                guard pendingContainer == nil, let element = current?.element, let root = element.shadowRoot else { return nil }
                nodes = root.children
                pendingContainer = step
            case .contentDocument:
                guard pendingContainer == nil, let element = current?.element, let document = element.contentDocument else { return nil }
                nodes = document.children
                pendingContainer = step
            }
        }
        return pendingContainer == nil ? current : nil
    }

    /// The element at `path`, or nil when there is no element there.
    public func element(at path: NodePath) -> HTMLElement? {
        node(at: path)?.element
    }

    /// Changes the element at `path` in place; returns false when there is no element there.
    @discardableResult
    public mutating func updateElement(at path: NodePath, _ change: (inout HTMLElement) -> Void) -> Bool {
        guard let last = path.steps.last, case .child(let index) = last else { return false }
        let container = Array(path.steps.dropLast())
        return HTMLDocument.withChildren(of: &children, container[...]) { nodes in
            guard index >= 0, index < nodes.count, case .element(var element) = nodes[index] else { return false }
            nodes[index] = .text("")
            change(&element)
            nodes[index] = .element(element)
            return true
        } ?? false
    }

    /// Removes the node at `path` and returns it.
    @discardableResult
    public mutating func removeNode(at path: NodePath) -> HTMLNode? {
        guard let last = path.steps.last, case .child(let index) = last else { return nil }
        let container = Array(path.steps.dropLast())
        return HTMLDocument.withChildren(of: &children, container[...]) { nodes -> HTMLNode? in
            guard index >= 0, index < nodes.count else { return nil }
            return nodes.remove(at: index)
        } ?? nil
    }

    /// Inserts `node` among the children of the element at `parent` (the document when empty),
    /// at `index` or at the end when `index` is nil; returns false when `parent` is not an element.
    @discardableResult
    public mutating func insert(_ node: HTMLNode, into parent: NodePath, at index: Int? = nil) -> Bool {
        if !parent.steps.isEmpty, element(at: parent) == nil { return false }
        return HTMLDocument.withChildren(of: &children, parent.steps[...]) { nodes in
            let position = min(max(index ?? nodes.count, 0), nodes.count)
            nodes.insert(node, at: position)
            return true
        } ?? false
    }

    /// Runs `body` on the child list that `steps` name: the document's list when empty, an
    /// element's children when they end at an element, a shadow or frame tree's nodes otherwise.
    private static func withChildren<R>(of nodes: inout [HTMLNode], _ steps: ArraySlice<NodePath.Step>, _ body: (inout [HTMLNode]) -> R) -> R? {
        guard let first = steps.first else { return body(&nodes) }
        guard case .child(let index) = first, index >= 0, index < nodes.count, case .element(var element) = nodes[index] else { return nil }
        let rest = steps.dropFirst()
        nodes[index] = .text("")
        defer { nodes[index] = .element(element) }
        switch rest.first {
        case nil, .child?:
            return withChildren(of: &element.children, rest, body)
        case .shadowRoot?:
            guard var root = element.shadowRoot else { return nil }
            defer { element.shadowRoot = root }
            return withChildren(of: &root.children, rest.dropFirst(), body)
        case .contentDocument?:
            guard var document = element.contentDocument else { return nil }
            defer { element.contentDocument = document }
            return withChildren(of: &document.children, rest.dropFirst(), body)
        }
    }
}
