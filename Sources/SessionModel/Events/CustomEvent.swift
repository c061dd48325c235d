/// An application event added with `record.addCustomEvent(tag, payload)` (event type 5).
public struct CustomEvent: JSONCodable {
    public var tag: String
    /// Whatever the application passed, kept as JSON.
    public var payload: JSONValue
    public var extra: JSONObject

    public init(tag: String, payload: JSONValue, extra: JSONObject = JSONObject()) {
        self.tag = tag
        self.payload = payload
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        tag = try reader.string("tag")
        payload = reader.take("payload") ?? .null
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("payload", &writer); writer.write(payload)
        object.key("tag", &writer); writer.write(tag)
        object.end(&writer)
    }
}
