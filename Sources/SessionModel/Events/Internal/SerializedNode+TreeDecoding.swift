extension SerializedNode {
    /// Decodes a node and its whole subtree with an explicit stack instead of recursion.
    ///
    /// Members are read in the order a recursive decoder would read them
    /// (`type`, `id`, `tagName`, `attributes`, the children, then the rest), so
    /// the first problem found and its path (`childNodes[2].childNodes[0].id`)
    /// are the same; only the machine stack no longer grows with the depth.
    static func decodeTree(_ json: JSONValue) throws(RecordingError) -> SerializedNode {
        var open: [OpenNode] = []
        do throws(RecordingError) {
            var current = try OpenNode(json)
            while true {
                if !current.children.isEmpty {
                    open.append(current)
                } else {
                    var finished = try current.finish()
                    // Hand the finished node up, finishing every parent whose last child it was.
                    while let top = open.indices.last {
                        open[top].built.append(finished)
                        if open[top].built.count < open[top].children.count { break }
                        finished = try open.removeLast().finish()
                    }
                    if open.isEmpty { return finished }
                }
                let top = open.count - 1
                current = try OpenNode(open[top].children[open[top].built.count])
            }
        } catch {
            var located = error
            for parent in open.reversed() {
                located = located.prefixed(.index(parent.built.count)).prefixed(.key("childNodes"))
            }
            throw located
        }
    }
}

/// A node being decoded whose children are not all decoded yet.
private struct OpenNode {
    var reader: MemberReader
    var node: SerializedNode
    /// The `childNodes` JSON, empty when there are none.
    let children: [JSONValue]
    let hasChildList: Bool
    var built: [SerializedNode] = []

    /// Reads the members before the children: `type`, `id`, `tagName`, `attributes`, and the `childNodes` array itself.
    init(_ json: JSONValue) throws(RecordingError) {
        reader = try MemberReader(json)
        let type = NodeType(rawValue: try reader.int("type"))
        node = SerializedNode(type: type, id: try reader.int("id"))
        node.tagName = try reader.optionalString("tagName")
        node.attributes = try reader.optionalObject("attributes")
        if let value = reader.take("childNodes"), !value.isNull {
            guard case .array(let elements) = value else {
                throw RecordingError(message: "expected an array, found \(value.kindName)").prefixed(.key("childNodes"))
            }
            children = elements
            hasChildList = true
            built.reserveCapacity(elements.count)
        } else {
            children = []
            hasChildList = false
        }
    }

    /// Reads the members after the children and returns the finished node.
    consuming func finish() throws(RecordingError) -> SerializedNode {
        if hasChildList { node.childNodes = built }
        node.textContent = try reader.optionalString("textContent")
        node.name = try reader.optionalString("name")
        node.publicId = try reader.optionalString("publicId")
        node.systemId = try reader.optionalString("systemId")
        node.compatMode = try reader.optionalString("compatMode")
        node.isSVG = try reader.optionalBool("isSVG")
        node.isCustom = try reader.optionalBool("isCustom")
        node.isStyle = try reader.optionalBool("isStyle")
        node.isShadowHost = try reader.optionalBool("isShadowHost")
        node.isShadow = try reader.optionalBool("isShadow")
        node.rootId = try reader.optionalInt("rootId")
        node.extra = reader.extras
        if node.type == .element, node.tagName == nil { throw RecordingError(message: "an Element node needs a \"tagName\"") }
        return node
    }
}
