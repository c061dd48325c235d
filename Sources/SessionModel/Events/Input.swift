/// The current value of a form control (incremental source 5), masked as the recorder was told.
public struct Input: JSONCodable {
    public var id: Int
    /// The control's value; radio buttons and checkboxes send their `value` attribute.
    public var text: String
    public var isChecked: Bool
    public var userTriggered: Optional<Bool>
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

    /// Writes the whole event of this keystroke (`IncrementalData.writeEvent`): the fixed text around
    /// the value in two appends.
    func writeEvent(timestamp: Int64, to writer: inout JSONWriter) -> Bool {
        guard extra.isEmpty else { return false }
        // Source 5 (input) and type 3 (incremental snapshot) are part of the template's text.
        let checked: StaticString = isChecked ? #","isChecked":true,"source":5,"text":"# : #","isChecked":false,"source":5,"text":"#
        writer.reserveRoom(JSONWriter.room(#"{"data":{"id":"#) + checked.utf8CodeUnitCount)
        writer.writeInRoom(#"{"data":{"id":"#, Int64(id))
        writer.writeInRoom(checked)
        writer.write(text)
        let closing: StaticString
        switch userTriggered {
        case nil: closing = #"},"timestamp":"#
        case true?: closing = #","userTriggered":true},"timestamp":"#
        case false?: closing = #","userTriggered":false},"timestamp":"#
        }
        let end: StaticString = #","type":3}"#
        writer.reserveRoom(JSONWriter.room(closing) + end.utf8CodeUnitCount)
        writer.writeInRoom(closing, timestamp)
        writer.writeInRoom(end)
        return true
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
