import Compression
import SessionModel

/// PostHog's replay capture: `POST /s/` with a JSON array of `$snapshot` events.
///
/// Each batch becomes one `$snapshot` with `$snapshot_data` (the rrweb events),
/// `$session_id`, `$window_id` and `distinct_id`; the body is gzip by default
/// (`Content-Type: text/plain`, sniffed by the magic bytes), and per-event `cv`
/// field compression (`"cv":"2024-10"`) can be switched on as posthog-js does by default.
public struct PostHogAdapter: Adapter {
    public let name = "posthog"
    public var token: String
    public var path: String
    public var gzipBody: Bool
    public var compressEvents: Bool
    public var libraryVersion: String

    public init(token: String = "phc_sessionharness", path: String = "/s/", gzipBody: Bool = true, compressEvents: Bool = false,
                libraryVersion: String = "1.200.0") {
        self.token = token
        self.path = path
        self.gzipBody = gzipBody
        self.compressEvents = compressEvents
        self.libraryVersion = libraryVersion
    }

    public func requests(for batch: UploadBatch) throws(AdapterError) -> [HTTPRequestBytes] {
        let events: [JSONValue] = batch.events.map { event in
            compressEvents ? Self.compressFields(event.jsonValue) : event.jsonValue
        }
        let data = JSONValue.array(events)
        let time = WireIds.iso8601(milliseconds: WireIds.lastTimestamp(batch))
        let uuid = WireIds.uuid(WireIds.hex32("\(batch.sessionId)/\(batch.windowId)/\(batch.sequence)"))
        var properties: JSONObject = [
            "$snapshot_bytes": .integer(Int64(JSONWriter.canonicalBytes(data).count)),
            "$snapshot_data": data,
            "$session_id": .string(batch.sessionId),
            "$window_id": .string(batch.windowId),
            "$lib": "web",
            "$lib_version": .string(libraryVersion),
            "$snapshot_host": .string(WireIds.host(of: batch.origin)),
            "distinct_id": .string(batch.distinctId),
            "token": .string(token),
        ]
        if let userId = batch.userId { properties["$user_id"] = .string(userId) }
        let capture: JSONValue = .array([.object([
            "uuid": .string(uuid), "event": "$snapshot", "properties": .object(properties),
            "timestamp": .string(time), "sent_at": .string(time),
        ])])
        let json = JSONWriter.canonicalBytes(capture)
        var headers = [HTTPHeader("Content-Type", gzipBody ? "text/plain" : "application/json")]
        headers.append(HTTPHeader("Origin", batch.origin))
        headers.append(HTTPHeader("User-Agent", batch.userAgent))
        return [HTTPRequestBytes(method: "POST", path: path, headers: headers, body: gzipBody ? Zlib.compress(json, format: .gzip) : json)]
    }

    /// posthog-js field compression: FullSnapshot `data`, Mutation `texts/attributes/removes/adds`
    /// and StyleSheetRule `adds/removes` become gzip bytes as a Latin-1 string, and the event gets `"cv":"2024-10"`.
    public static func compressFields(_ event: JSONValue) -> JSONValue {
        guard case .object(var object) = event, let type = object["type"]?.intValue, let data = object["data"] else { return event }
        if type == 2 {
            object["data"] = .string(latin1Gzip(data))
        } else if type == 3, case .object(var fields) = data, let source = fields["source"]?.intValue, source == 0 || source == 8 {
            let names = source == 0 ? ["texts", "attributes", "removes", "adds"] : ["adds", "removes"]
            for name in names { if let value = fields[name] { fields[name] = .string(latin1Gzip(value)) } }
            object["data"] = .object(fields)
        } else {
            return event
        }
        object["cv"] = "2024-10"
        return .object(object)
    }

    /// Undoes `compressFields` (what PostHog's blob consumer does).
    public static func decompressFields(_ event: JSONValue) throws -> JSONValue {
        guard case .object(var object) = event, object["cv"] != nil else { return event }
        object["cv"] = nil
        if case .string(let text)? = object["data"] {
            object["data"] = try unLatin1Gzip(text)
        } else if case .object(var fields)? = object["data"] {
            for member in fields.members { if case .string(let text) = member.value, member.key != "href" { fields[member.key] = try unLatin1Gzip(text) } }
            object["data"] = .object(fields)
        }
        return .object(object)
    }

    static func latin1Gzip(_ value: JSONValue) -> String {
        var text = ""
        for byte in Zlib.compress(JSONWriter.canonicalBytes(value), format: .gzip) { text.unicodeScalars.append(Unicode.Scalar(byte)) }
        return text
    }

    static func unLatin1Gzip(_ text: String) throws -> JSONValue {
        let bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        return try JSONReader.parse(Zlib.decompress(bytes, format: .gzip, limit: 64 << 20))
    }
}
