/// One rrweb event: a type, its data and the time it was emitted.
///
/// ```swift
/// let event = try Event(json: JSONReader.parse(#"{"type":4,"data":{"href":"https://a.example/","width":1280,"height":800},"timestamp":1700000000000}"#))
/// if case .meta(let meta) = event.data { print(meta.href) }
/// ```
public struct Event: JSONCodable {
    /// Milliseconds since the Unix epoch; absent in some test recordings.
    public var timestamp: Optional<Int64>
    public var data: EventData
    /// Top-level members this model does not know (`delay`, `sessionId`, `windowId`, `v`, `cv`, ...).
    public var extra: JSONObject

    public init(timestamp: Int64?, data: EventData, extra: JSONObject = JSONObject()) {
        self.timestamp = timestamp
        self.data = data
        self.extra = extra
    }

    public var type: EventType { data.type }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        let type = EventType(rawValue: try reader.int("type"))
        timestamp = try reader.int64("timestamp")
        let raw = reader.take("data") ?? .object(JSONObject())
        do throws(RecordingError) {
            data = try EventData(type: type, json: raw)
        } catch {
            throw error.prefixed(.key("data"))
        }
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        // Every event goes through here: without extras, the compact envelope is one append before the
        // data and one (with a single capacity check) after it.
        if extra.isEmpty {
            // The most frequent events (scrolls, clicks, keystrokes) are written whole from a fixed template.
            if let timestamp, case .incrementalSnapshot(let incremental) = data, incremental.writeEvent(timestamp: timestamp, to: &writer) { return }
            writer.writeCompact(#"{"data":"#)
            data.write(to: &writer)
            if let timestamp {
                writer.writeCompact(#","timestamp":"#, timestamp, #","type":"#, Int64(type.rawValue), closing: "}")
            } else {
                writer.writeCompact(#","type":"#, then: Int64(type.rawValue))
                writer.writeCompact("}")
            }
            return
        }
        var object = MemberWriter(&writer, extras: extra)
        object.key("data", &writer); data.write(to: &writer)
        if let timestamp { object.key("timestamp", &writer); writer.write(timestamp) }
        object.key("type", &writer); writer.write(type.rawValue)
        object.end(&writer)
    }
}

/// What an event carries, by event type.
public enum EventData: Sendable, Equatable {
    case domContentLoaded(JSONObject)
    case load(JSONObject)
    /// Boxed: a snapshot is large and rare, and inline it would make every event as large as itself.
    indirect case fullSnapshot(FullSnapshot)
    case incrementalSnapshot(IncrementalData)
    case meta(Meta)
    case custom(CustomEvent)
    case plugin(PluginEvent)
    /// rrweb 2.1 asset events (`{url, payload}` or `{url, failed}`), kept as JSON.
    case asset(JSONObject)
    /// An event type this model does not know, kept whole.
    case unknown(type: EventType, data: JSONValue)

    public var type: EventType {
        switch self {
        case .domContentLoaded: return .domContentLoaded
        case .load: return .load
        case .fullSnapshot: return .fullSnapshot
        case .incrementalSnapshot: return .incrementalSnapshot
        case .meta: return .meta
        case .custom: return .custom
        case .plugin: return .plugin
        case .asset: return .asset
        case .unknown(let type, _): return type
        }
    }

    init(type: EventType, json: JSONValue) throws(RecordingError) {
        switch type {
        case .domContentLoaded: self = .domContentLoaded(try Self.object(json))
        case .load: self = .load(try Self.object(json))
        case .fullSnapshot: self = .fullSnapshot(try FullSnapshot(json: json))
        case .incrementalSnapshot: self = .incrementalSnapshot(try IncrementalData(json: json))
        case .meta: self = .meta(try Meta(json: json))
        case .custom: self = .custom(try CustomEvent(json: json))
        case .plugin: self = .plugin(try PluginEvent(json: json))
        case .asset: self = .asset(try Self.object(json))
        default: self = .unknown(type: type, data: json)
        }
    }

    private static func object(_ json: JSONValue) throws(RecordingError) -> JSONObject {
        guard case .object(let object) = json else {
            throw RecordingError(message: "expected an object, found \(json.kindName)")
        }
        return object
    }

    func write(to writer: inout JSONWriter) {
        switch self {
        case .domContentLoaded(let object), .load(let object), .asset(let object): writer.write(.object(object))
        case .fullSnapshot(let snapshot): snapshot.write(to: &writer)
        case .incrementalSnapshot(let data): data.write(to: &writer)
        case .meta(let meta): meta.write(to: &writer)
        case .custom(let custom): custom.write(to: &writer)
        case .plugin(let plugin): plugin.write(to: &writer)
        case .unknown(_, let data): writer.write(data)
        }
    }

    /// The incremental source, for incremental snapshot events.
    public var incrementalSource: IncrementalSource? {
        if case .incrementalSnapshot(let data) = self { return data.source }
        return nil
    }
}
