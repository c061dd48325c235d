/// The scroll position of element or document `id` (incremental source 3).
public struct Scroll: JSONCodable {
    public var id: Int
    public var x: Double
    public var y: Double
    public var extra: JSONObject

    public init(id: Int, x: Double, y: Double, extra: JSONObject = JSONObject()) {
        self.id = id
        self.x = x
        self.y = y
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        _ = reader.take("source")
        id = try reader.int("id")
        x = try reader.double("x")
        y = try reader.double("y")
        extra = reader.extras
    }

    /// Writes the whole event of this scroll (`IncrementalData.writeEvent`) with one capacity check.
    func writeEvent(timestamp: Int64, to writer: inout JSONWriter) -> Bool {
        guard extra.isEmpty, let x = JSONWriter.wholeValue(x), let y = JSONWriter.wholeValue(y) else { return false }
        // Source 3 (scroll) and type 3 (incremental snapshot) are part of the template's text.
        writer.writeCompact(#"{"data":{"id":"#, Int64(id), #","source":3,"x":"#, x, #","y":"#, y, #"},"timestamp":"#, timestamp, closing: #","type":3}"#)
        return true
    }

    public func write(to writer: inout JSONWriter) {
        // The most frequent event of a recorded session: with no extras and whole coordinates (as
        // recorders report them), the compact object is written with one capacity check.
        if extra.isEmpty, let x = JSONWriter.wholeValue(x), let y = JSONWriter.wholeValue(y) {
            writer.writeCompact(#"{"id":"#, Int64(id), #","source":"#, Int64(IncrementalSource.scroll.rawValue), #","x":"#, x, #","y":"#, y, closing: "}")
            return
        }
        var object = MemberWriter(&writer, extras: extra)
        object.key("id", &writer); writer.write(id)
        object.key("source", &writer); writer.write(IncrementalSource.scroll.rawValue)
        object.key("x", &writer); writer.write(x)
        object.key("y", &writer); writer.write(y)
        object.end(&writer)
    }
}
