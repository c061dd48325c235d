/// Play, pause, seek, volume or rate change of a media element (incremental source 7).
public struct MediaInteraction: JSONCodable {
    /// 0 play, 1 pause, 2 seeked, 3 volume change, 4 rate change.
    public var type: Int
    public var id: Int
    public var currentTime: Optional<Double>
    public var volume: Optional<Double>
    public var muted: Optional<Bool>
    public var loop: Optional<Bool>
    public var playbackRate: Optional<Double>
    public var extra: JSONObject

    public init(type: Int, id: Int, currentTime: Double? = nil, volume: Double? = nil, muted: Bool? = nil, loop: Bool? = nil, playbackRate: Double? = nil, extra: JSONObject = JSONObject()) {
        self.type = type
        self.id = id
        self.currentTime = currentTime
        self.volume = volume
        self.muted = muted
        self.loop = loop
        self.playbackRate = playbackRate
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        _ = reader.take("source")
        type = try reader.int("type")
        id = try reader.int("id")
        currentTime = try reader.optionalDouble("currentTime")
        volume = try reader.optionalDouble("volume")
        muted = try reader.optionalBool("muted")
        loop = try reader.optionalBool("loop")
        playbackRate = try reader.optionalDouble("playbackRate")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        if let currentTime { object.key("currentTime", &writer); writer.write(currentTime) }
        object.key("id", &writer); writer.write(id)
        if let loop { object.key("loop", &writer); writer.write(loop) }
        if let muted { object.key("muted", &writer); writer.write(muted) }
        if let playbackRate { object.key("playbackRate", &writer); writer.write(playbackRate) }
        object.key("source", &writer); writer.write(IncrementalSource.mediaInteraction.rawValue)
        object.key("type", &writer); writer.write(type)
        if let volume { object.key("volume", &writer); writer.write(volume) }
        object.end(&writer)
    }
}
