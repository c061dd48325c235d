/// The new size of the viewport in CSS pixels (incremental source 4).
public struct ViewportResize: JSONCodable {
    public var width: Double
    public var height: Double
    public var extra: JSONObject

    public init(width: Double, height: Double, extra: JSONObject = JSONObject()) {
        self.width = width
        self.height = height
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        _ = reader.take("source")
        width = try reader.double("width")
        height = try reader.double("height")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("height", &writer); writer.write(height)
        object.key("source", &writer); writer.write(IncrementalSource.viewportResize.rawValue)
        object.key("width", &writer); writer.write(width)
        object.end(&writer)
    }
}
