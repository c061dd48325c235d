/// Rules inserted into or deleted from a CSSOM style sheet (incremental source 8).
///
/// The sheet is named by the owning node `id` or an adopted sheet's `styleId`;
/// each add is `{rule, index?}` and each remove `{index}`, kept as JSON.
public struct StyleSheetRule: JSONCodable {
    public var id: Optional<Int>
    public var styleId: Optional<Int>
    public var adds: Optional<[JSONValue]>
    public var removes: Optional<[JSONValue]>
    public var replace: Optional<String>
    public var replaceSync: Optional<String>
    public var extra: JSONObject

    public init(id: Int? = nil, styleId: Int? = nil, adds: [JSONValue]? = nil, removes: [JSONValue]? = nil, replace: String? = nil, replaceSync: String? = nil, extra: JSONObject = JSONObject()) {
        self.id = id
        self.styleId = styleId
        self.adds = adds
        self.removes = removes
        self.replace = replace
        self.replaceSync = replaceSync
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        _ = reader.take("source")
        id = try reader.optionalInt("id")
        styleId = try reader.optionalInt("styleId")
        adds = try reader.optionalArray("adds") { $0 }
        removes = try reader.optionalArray("removes") { $0 }
        replace = try reader.optionalString("replace")
        replaceSync = try reader.optionalString("replaceSync")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        if let adds { object.key("adds", &writer); writer.write(.array(adds)) }
        if let id { object.key("id", &writer); writer.write(id) }
        if let removes { object.key("removes", &writer); writer.write(.array(removes)) }
        if let replace { object.key("replace", &writer); writer.write(replace) }
        if let replaceSync { object.key("replaceSync", &writer); writer.write(replaceSync) }
        object.key("source", &writer); writer.write(IncrementalSource.styleSheetRule.rawValue)
        if let styleId { object.key("styleId", &writer); writer.write(styleId) }
        object.end(&writer)
    }
}
