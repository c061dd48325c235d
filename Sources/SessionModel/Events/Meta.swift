/// The page URL and viewport size, emitted right before every full snapshot (event type 4).
public struct Meta: JSONCodable {
    public var href: String
    public var width: Double
    public var height: Double
    public var extra: JSONObject

    public init(href: String, width: Double, height: Double, extra: JSONObject = JSONObject()) {
        self.href = href
        self.width = width
        self.height = height
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        href = try reader.string("href")
        width = try reader.double("width")
        height = try reader.double("height")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("height", &writer); writer.write(height)
        object.key("href", &writer); writer.write(href)
        object.key("width", &writer); writer.write(width)
        object.end(&writer)
    }
}
