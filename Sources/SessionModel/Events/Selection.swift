/// The user's text selection as node ranges (incremental source 14).
public struct Selection: JSONCodable {
    public var ranges: [SelectionRange]
    public var extra: JSONObject

    public init(ranges: [SelectionRange], extra: JSONObject = JSONObject()) {
        self.ranges = ranges
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        _ = reader.take("source")
        ranges = try reader.array("ranges") { value throws(RecordingError) in try SelectionRange(json: value) }
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("ranges", &writer); writer.writeArray(ranges)
        object.key("source", &writer); writer.write(IncrementalSource.selection.rawValue)
        object.end(&writer)
    }
}

/// One selected range, from (`start`, `startOffset`) to (`end`, `endOffset`).
public struct SelectionRange: JSONCodable {
    public var start: Int
    public var startOffset: Int
    public var end: Int
    public var endOffset: Int
    public var extra: JSONObject

    public init(start: Int, startOffset: Int, end: Int, endOffset: Int, extra: JSONObject = JSONObject()) {
        self.start = start
        self.startOffset = startOffset
        self.end = end
        self.endOffset = endOffset
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        start = try reader.int("start")
        startOffset = try reader.int("startOffset")
        end = try reader.int("end")
        endOffset = try reader.int("endOffset")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("end", &writer); writer.write(end)
        object.key("endOffset", &writer); writer.write(endOffset)
        object.key("start", &writer); writer.write(start)
        object.key("startOffset", &writer); writer.write(startOffset)
        object.end(&writer)
    }
}
