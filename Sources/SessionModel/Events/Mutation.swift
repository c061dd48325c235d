/// A batch of DOM changes (incremental source 0), applied as removes, adds, texts, attributes.
public struct Mutation: JSONCodable {
    public var texts: [TextChange]
    public var attributes: [AttributeChange]
    public var removes: [RemovedNode]
    public var adds: [AddedNode]
    /// The single add is an iframe's document with its whole subtree.
    public var isAttachIframe: Optional<Bool>
    public var extra: JSONObject

    public init(texts: [TextChange] = [], attributes: [AttributeChange] = [], removes: [RemovedNode] = [], adds: [AddedNode] = [], isAttachIframe: Bool? = nil, extra: JSONObject = JSONObject()) {
        self.texts = texts
        self.attributes = attributes
        self.removes = removes
        self.adds = adds
        self.isAttachIframe = isAttachIframe
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        _ = reader.take("source")
        texts = try reader.array("texts") { value throws(RecordingError) in try TextChange(json: value) }
        attributes = try reader.array("attributes") { value throws(RecordingError) in try AttributeChange(json: value) }
        removes = try reader.array("removes") { value throws(RecordingError) in try RemovedNode(json: value) }
        adds = try reader.array("adds") { value throws(RecordingError) in try AddedNode(json: value) }
        isAttachIframe = try reader.optionalBool("isAttachIframe")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("adds", &writer); writer.writeArray(adds)
        object.key("attributes", &writer); writer.writeArray(attributes)
        if let isAttachIframe { object.key("isAttachIframe", &writer); writer.write(isAttachIframe) }
        object.key("removes", &writer); writer.writeArray(removes)
        object.key("source", &writer); writer.write(IncrementalSource.mutation.rawValue)
        object.key("texts", &writer); writer.writeArray(texts)
        object.end(&writer)
    }
}

/// A text node's new content; `nil` value means empty.
public struct TextChange: JSONCodable {
    public var id: Int
    public var value: Optional<String>
    public var extra: JSONObject

    public init(id: Int, value: String?, extra: JSONObject = JSONObject()) {
        self.id = id
        self.value = value
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        id = try reader.int("id")
        value = try reader.optionalString("value")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("id", &writer); writer.write(id)
        object.key("value", &writer)
        if let value { writer.write(value) } else { writer.writeNull() }
        object.end(&writer)
    }
}

/// New attribute values of one element: a string sets, `null` removes, an object is a style diff.
public struct AttributeChange: JSONCodable {
    public var id: Int
    public var attributes: JSONObject
    public var extra: JSONObject

    public init(id: Int, attributes: JSONObject, extra: JSONObject = JSONObject()) {
        self.id = id
        self.attributes = attributes
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        id = try reader.int("id")
        attributes = try reader.object("attributes")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("attributes", &writer); writer.write(.object(attributes))
        object.key("id", &writer); writer.write(id)
        object.end(&writer)
    }
}

/// The top node of a removed subtree.
public struct RemovedNode: JSONCodable {
    public var parentId: Int
    public var id: Int
    /// The node was a child of the parent's shadow root.
    public var isShadow: Optional<Bool>
    public var extra: JSONObject

    public init(parentId: Int, id: Int, isShadow: Bool? = nil, extra: JSONObject = JSONObject()) {
        self.parentId = parentId
        self.id = id
        self.isShadow = isShadow
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        parentId = try reader.int("parentId")
        id = try reader.int("id")
        isShadow = try reader.optionalBool("isShadow")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("id", &writer); writer.write(id)
        if let isShadow { object.key("isShadow", &writer); writer.write(isShadow) }
        object.key("parentId", &writer); writer.write(parentId)
        object.end(&writer)
    }
}

/// A node inserted under `parentId` before `nextId` (or appended when `nextId` is null).
///
/// `nextId` and `previousId` distinguish an absent member (`.none`) from an
/// explicit `null` (`.some(nil)`), as legacy streams use both.
public struct AddedNode: JSONCodable {
    public var parentId: Int
    public var nextId: Optional<Optional<Int>>
    public var previousId: Optional<Optional<Int>>
    @inlinable
    public var node: SerializedNode {
        _read { yield storage.node }
        _modify { yield &storage.node }
    }
    public var extra: JSONObject
    /// Where `node` lives: a deep tree is released level by level (`SubtreeStorage`).
    @usableFromInline var storage: SubtreeStorage

    public init(parentId: Int, nextId: Int?, previousId: Int?? = .none, node: SerializedNode, extra: JSONObject = JSONObject()) {
        self.parentId = parentId
        self.nextId = .some(nextId)
        self.previousId = previousId
        storage = SubtreeStorage(node)
        self.extra = extra
    }

    /// The id of the next sibling, or nil for "append at the end".
    public var nextSiblingId: Int? { nextId ?? nil }
    /// The id of the previous sibling (legacy streams only).
    public var previousSiblingId: Int? { previousId ?? nil }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        parentId = try reader.int("parentId")
        nextId = try reader.nullableInt("nextId")
        previousId = try reader.nullableInt("previousId")
        storage = SubtreeStorage(try reader.nested("node") { value throws(RecordingError) in try SerializedNode(json: value) })
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        if case .some(let next) = nextId {
            object.key("nextId", &writer)
            if let next { writer.write(next) } else { writer.writeNull() }
        }
        object.key("node", &writer); node.write(to: &writer)
        object.key("parentId", &writer); writer.write(parentId)
        if case .some(let previous) = previousId {
            object.key("previousId", &writer)
            if let previous { writer.write(previous) } else { writer.writeNull() }
        }
        object.end(&writer)
    }
}

extension JSONWriter {
    /// Writes an array of typed values.
    public mutating func writeArray<Element: JSONCodable>(_ elements: [Element]) {
        beginArray()
        for element in elements {
            nextElement()
            element.write(to: &self)
        }
        endArray()
    }
}
