/// The whole document at one moment (event type 2); replay starts over from each one.
public struct FullSnapshot: JSONCodable {
    /// The Document node; its id is not always 1.
    @inlinable
    public var node: SerializedNode {
        _read { yield storage.node }
        _modify { yield &storage.node }
    }
    /// The window's scroll position (`{top, left}`) when the snapshot was taken.
    public var initialOffset: Optional<ScrollOffset>
    public var extra: JSONObject
    /// Where `node` lives: a deep tree is released level by level (`SubtreeStorage`).
    @usableFromInline var storage: SubtreeStorage

    public init(node: SerializedNode, initialOffset: ScrollOffset? = ScrollOffset(top: 0, left: 0), extra: JSONObject = JSONObject()) {
        storage = SubtreeStorage(node)
        self.initialOffset = initialOffset
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        storage = SubtreeStorage(try reader.nested("node") { value throws(RecordingError) in try SerializedNode(json: value) })
        if let offset = reader.take("initialOffset"), !offset.isNull {
            do throws(RecordingError) {
                initialOffset = try ScrollOffset(json: offset)
            } catch {
                throw error.prefixed(.key("initialOffset"))
            }
        } else {
            initialOffset = nil
        }
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        if let initialOffset { object.key("initialOffset", &writer); initialOffset.write(to: &writer) }
        object.key("node", &writer); node.write(to: &writer)
        object.end(&writer)
    }
}

/// A scroll position given as `{top, left}`.
public struct ScrollOffset: JSONCodable {
    public var top: Double
    public var left: Double
    public var extra: JSONObject

    public init(top: Double, left: Double, extra: JSONObject = JSONObject()) {
        self.top = top
        self.left = left
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        top = try reader.double("top")
        left = try reader.double("left")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("left", &writer); writer.write(left)
        object.key("top", &writer); writer.write(top)
        object.end(&writer)
    }
}
