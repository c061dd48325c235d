/// The current value of a form control (incremental source 5), masked as the recorder was told.
public struct Input: JSONCodable {
    public var id: Int
    /// The control's value; radio buttons and checkboxes send their `value` attribute.
    public var text: String
    public var isChecked: Bool
    public var userTriggered: Bool?
    public var extra: JSONObject

    public init(id: Int, text: String, isChecked: Bool = false, userTriggered: Bool? = nil, extra: JSONObject = JSONObject()) {
        self.id = id
        self.text = text
        self.isChecked = isChecked
        self.userTriggered = userTriggered
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        _ = reader.take("source")
        id = try reader.int("id")
        text = try reader.string("text")
        isChecked = try reader.optionalBool("isChecked") ?? false
        userTriggered = try reader.optionalBool("userTriggered")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        // One per keystroke: with no extras, the compact object is written in a few appends.
        if extra.isEmpty {
            writer.writeCompact(#"{"id":"#, then: Int64(id))
            writer.writeCompact(isChecked ? #","isChecked":true,"source":"# : #","isChecked":false,"source":"#, then: Int64(IncrementalSource.input.rawValue))
            writer.writeCompact(#","text":"#)
            writer.write(text)
            if let userTriggered {
                writer.writeCompact(userTriggered ? #","userTriggered":true}"# : #","userTriggered":false}"#)
            } else {
                writer.writeCompact("}")
            }
            return
        }
        var object = MemberWriter(&writer, extras: extra)
        object.key("id", &writer); writer.write(id)
        object.key("isChecked", &writer); writer.write(isChecked)
        object.key("source", &writer); writer.write(IncrementalSource.input.rawValue)
        object.key("text", &writer); writer.write(text)
        if let userTriggered { object.key("userTriggered", &writer); writer.write(userTriggered) }
        object.end(&writer)
    }
}
