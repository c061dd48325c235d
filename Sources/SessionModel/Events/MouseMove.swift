/// Buffered pointer positions (MouseMove, TouchMove or Drag), each with a time offset.
public struct MouseMove: JSONCodable {
    /// `.mouseMove`, `.touchMove` or `.drag`.
    public var source: IncrementalSource
    public var positions: [MousePosition]
    public var extra: JSONObject

    public init(source: IncrementalSource = .mouseMove, positions: [MousePosition], extra: JSONObject = JSONObject()) {
        self.source = source
        self.positions = positions
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        source = IncrementalSource(rawValue: try reader.int("source"))
        positions = try reader.array("positions") { value throws(RecordingError) in try MousePosition(json: value) }
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        if extra.isEmpty {
            // A simulated session's second most frequent event: without extras, the object's text is
            // fixed around the positions, which are written from the array's storage without copying
            // one (~10% fewer instructions per position than the member writer's generic array).
            writer.writeCompact(#"{"positions":["#)
            positions.withUnsafeBufferPointer { positions in
                for index in positions.indices {
                    // Read in place, not copied out (a copy retains each position's `extra`); the
                    // comma goes with the next position's text.
                    if positions[index].extra.isEmpty, MousePosition.writeWhole(
                        id: positions[index].id, timeOffset: positions[index].timeOffset, x: positions[index].x, y: positions[index].y,
                        afterComma: index > 0, to: &writer) { continue }
                    if index > 0 { writer.writeCompact(",") }
                    positions[index].write(to: &writer)
                }
            }
            writer.writeCompact(#"],"source":"#, then: Int64(source.rawValue))
            writer.writeCompact("}")
            return
        }
        var object = MemberWriter(&writer, extras: extra)
        object.key("positions", &writer); writer.writeArray(positions)
        object.key("source", &writer); writer.write(source.rawValue)
        object.end(&writer)
    }
}

/// One sampled pointer position; `timeOffset` (ms, ≤ 0) is relative to the event's timestamp.
public struct MousePosition: JSONCodable {
    public var x: Double
    public var y: Double
    /// The node under the pointer, or -1.
    public var id: Int
    public var timeOffset: Double
    public var extra: JSONObject

    public init(x: Double, y: Double, id: Int, timeOffset: Double, extra: JSONObject = JSONObject()) {
        self.x = x
        self.y = y
        self.id = id
        self.timeOffset = timeOffset
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        x = try reader.double("x")
        y = try reader.double("y")
        id = try reader.int("id")
        timeOffset = try reader.double("timeOffset")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        if extra.isEmpty, MousePosition.writeWhole(id: id, timeOffset: timeOffset, x: x, y: y, afterComma: false, to: &writer) { return }
        var object = MemberWriter(&writer, extras: extra)
        object.key("id", &writer); writer.write(id)
        object.key("timeOffset", &writer); writer.write(timeOffset)
        object.key("x", &writer); writer.write(x)
        object.key("y", &writer); writer.write(y)
        object.end(&writer)
    }
}

extension MousePosition {
    /// Writes a position without extras whose values are whole numbers (as recorders report them; sessions
    /// hold many) with one capacity check, after a comma when `afterComma`; false, writing nothing, when
    /// a value is not whole.
    @inline(__always)
    static func writeWhole(id: Int, timeOffset: Double, x: Double, y: Double, afterComma: Bool, to writer: inout JSONWriter) -> Bool {
        guard let timeOffset = JSONWriter.wholeValue(timeOffset), let x = JSONWriter.wholeValue(x), let y = JSONWriter.wholeValue(y) else { return false }
        if afterComma {
            writer.writeCompact(#",{"id":"#, Int64(id), #","timeOffset":"#, timeOffset, #","x":"#, x, #","y":"#, y, closing: "}")
        } else {
            writer.writeCompact(#"{"id":"#, Int64(id), #","timeOffset":"#, timeOffset, #","x":"#, x, #","y":"#, y, closing: "}")
        }
        return true
    }
}

/// A click, double-click, focus, blur or touch on node `id` (incremental source 2).
public struct MouseInteraction: JSONCodable {
    public var type: MouseInteractionType
    public var id: Int
    public var x: Optional<Double>
    public var y: Optional<Double>
    /// 0 mouse, 1 pen, 2 touch (rrweb 2.0 and later).
    public var pointerType: Optional<Int>
    public var extra: JSONObject

    public init(type: MouseInteractionType, id: Int, x: Double? = nil, y: Double? = nil, pointerType: Int? = nil, extra: JSONObject = JSONObject()) {
        self.type = type
        self.id = id
        self.x = x
        self.y = y
        self.pointerType = pointerType
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        _ = reader.take("source")
        type = MouseInteractionType(rawValue: try reader.int("type"))
        id = try reader.int("id")
        x = try reader.optionalDouble("x")
        y = try reader.optionalDouble("y")
        pointerType = try reader.optionalInt("pointerType")
        extra = reader.extras
    }

    /// Writes the whole event of this interaction (`IncrementalData.writeEvent`) with one capacity check.
    func writeEvent(timestamp: Int64, to writer: inout JSONWriter) -> Bool {
        let wholeX = x.flatMap(JSONWriter.wholeValue), wholeY = y.flatMap(JSONWriter.wholeValue)
        guard extra.isEmpty, (x == nil) == (wholeX == nil), (y == nil) == (wholeY == nil) else { return false }
        // Source 2 (mouse interaction) and type 3 (incremental snapshot) are part of the template's text.
        let id: StaticString = #"{"data":{"id":"#, pointer: StaticString = #","pointerType":"#, type: StaticString = #","source":2,"type":"#
        let memberX: StaticString = #","x":"#, memberY: StaticString = #","y":"#, time: StaticString = #"},"timestamp":"#, end: StaticString = #","type":3}"#
        writer.reserveRoom(JSONWriter.room(id) + JSONWriter.room(pointer) + JSONWriter.room(type) + JSONWriter.room(memberX)
            + JSONWriter.room(memberY) + JSONWriter.room(time) + end.utf8CodeUnitCount)
        writer.writeInRoom(id, Int64(self.id))
        if let pointerType { writer.writeInRoom(pointer, Int64(pointerType)) }
        writer.writeInRoom(type, Int64(self.type.rawValue))
        if let wholeX { writer.writeInRoom(memberX, wholeX) }
        if let wholeY { writer.writeInRoom(memberY, wholeY) }
        writer.writeInRoom(time, timestamp)
        writer.writeInRoom(end)
        return true
    }

    public func write(to writer: inout JSONWriter) {
        // Several per click: with no extras and whole coordinates (or none), the compact object is
        // written in a few appends.
        let wholeX = x.flatMap(JSONWriter.wholeValue), wholeY = y.flatMap(JSONWriter.wholeValue)
        if extra.isEmpty, (x == nil) == (wholeX == nil), (y == nil) == (wholeY == nil) {
            writer.writeCompact(#"{"id":"#, then: Int64(id))
            if let pointerType { writer.writeCompact(#","pointerType":"#, then: Int64(pointerType)) }
            writer.writeCompact(#","source":"#, then: Int64(IncrementalSource.mouseInteraction.rawValue))
            writer.writeCompact(#","type":"#, then: Int64(type.rawValue))
            if let wholeX { writer.writeCompact(#","x":"#, then: wholeX) }
            if let wholeY { writer.writeCompact(#","y":"#, then: wholeY) }
            writer.writeCompact("}")
            return
        }
        var object = MemberWriter(&writer, extras: extra)
        object.key("id", &writer); writer.write(id)
        if let pointerType { object.key("pointerType", &writer); writer.write(pointerType) }
        object.key("source", &writer); writer.write(IncrementalSource.mouseInteraction.rawValue)
        object.key("type", &writer); writer.write(type.rawValue)
        if let x { object.key("x", &writer); writer.write(x) }
        if let y { object.key("y", &writer); writer.write(y) }
        object.end(&writer)
    }
}
