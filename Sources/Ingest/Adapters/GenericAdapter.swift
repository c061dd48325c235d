import Foundation
import SessionModel

/// Drives a system nobody wrote an adapter for, from a small JSON file.
///
/// ```json
/// {
///   "name": "acme-collector",
///   "request": {
///     "method": "POST",
///     "path": "/collect/{sessionId}?seq={sequence}",
///     "headers": {"Content-Type": "application/json", "X-Api-Key": "test"},
///     "body": {"sid": "{sessionId}", "window": "{windowId}", "page": "{pageId}", "seq": "{sequence}", "events": "{events}"},
///     "compression": "gzip"
///   },
///   "readBack": {"path": "/sessions/{sessionId}", "headers": {}, "events": "batches.*.events"}
/// }
/// ```
///
/// Placeholders: `{sessionId}`, `{windowId}`, `{pageId}`, `{sequence}`, `{distinctId}`,
/// `{userId}`, `{origin}`, `{userAgent}`, `{events}` (the events array) and `{eventsJSON}`
/// (the array as a string). A body string that is exactly one placeholder becomes the typed
/// value (`{sequence}` a number, `{events}` an array); inside longer strings and in the path
/// the text is substituted (percent-encoded in the path). `Origin` and `User-Agent` are added
/// from the batch unless the file sets them.
public struct GenericAdapter: Adapter {
    public struct ReadBackSpec: Sendable {
        public var path: String
        public var headers: [HTTPHeader]
        /// Dotted path to the events array in the response; `*` spreads an array.
        public var eventsPath: [String]
    }

    public let name: String
    public var method: String
    public var path: String
    public var headers: [HTTPHeader]
    public var body: JSONValue
    public var compression: BodyCompression
    public var readBack: ReadBackSpec?

    static let placeholders = ["sessionId", "windowId", "pageId", "sequence", "distinctId", "userId", "origin", "userAgent", "events", "eventsJSON"]

    /// Reads a configuration file.
    public init(contentsOf path: String) throws(AdapterError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw AdapterError("\(path): cannot read the file") }
        do {
            try self.init(json: try JSONReader.parse([UInt8](data)))
        } catch let error as AdapterError {
            throw AdapterError("\(path): \(error.message)")
        } catch {
            throw AdapterError("\(path): \(error)")
        }
    }

    /// Reads a configuration value, naming the JSON path of anything wrong.
    public init(json: JSONValue) throws(AdapterError) {
        guard case .object(let root) = json else { throw AdapterError("the configuration must be a JSON object") }
        name = root["name"]?.stringValue ?? "generic"
        guard case .object(let request)? = root["request"] else { throw AdapterError("$.request: missing (an object with method, path, body)") }
        method = request["method"]?.stringValue ?? "POST"
        guard let path = request["path"]?.stringValue, path.hasPrefix("/") else { throw AdapterError("$.request.path: missing or not starting with '/'") }
        self.path = path
        headers = try Self.headers(request["headers"], at: "$.request.headers")
        body = request["body"] ?? "{events}"
        let compressionName = request["compression"]?.stringValue ?? "none"
        guard let compression = BodyCompression(rawValue: compressionName) else {
            throw AdapterError("$.request.compression: '\(compressionName)' is not one of none, gzip, deflate")
        }
        self.compression = compression
        try Self.checkPlaceholders(in: .string(path), at: "$.request.path")
        try Self.checkPlaceholders(in: body, at: "$.request.body")
        if case .object(let spec)? = root["readBack"] {
            guard let readPath = spec["path"]?.stringValue, readPath.hasPrefix("/") else { throw AdapterError("$.readBack.path: missing or not starting with '/'") }
            try Self.checkPlaceholders(in: .string(readPath), at: "$.readBack.path")
            readBack = ReadBackSpec(path: readPath, headers: try Self.headers(spec["headers"], at: "$.readBack.headers"),
                                    eventsPath: (spec["events"]?.stringValue ?? "events").split(separator: ".").map(String.init))
        }
    }

    static func headers(_ value: JSONValue?, at place: String) throws(AdapterError) -> [HTTPHeader] {
        guard let value else { return [] }
        guard case .object(let object) = value else { throw AdapterError("\(place): must be an object of header names to values") }
        var headers: [HTTPHeader] = []
        for member in object.members {
            guard let text = member.value.stringValue else { throw AdapterError("\(place).\(member.key): must be a string") }
            headers.append(HTTPHeader(member.key, text))
        }
        return headers
    }

    static func checkPlaceholders(in value: JSONValue, at place: String) throws(AdapterError) {
        switch value {
        case .string(let text):
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                let name = String(rest[rest.index(after: open)..<close])
                if !placeholders.contains(name) {
                    var message = "\(place): unknown placeholder {\(name)}"
                    if let near = Suggestions.closest(to: name, among: placeholders) { message += "; did you mean {\(near)}?" }
                    throw AdapterError(message)
                }
                rest = rest[rest.index(after: close)...]
            }
        case .array(let items):
            for (index, item) in items.enumerated() { try checkPlaceholders(in: item, at: "\(place)[\(index)]") }
        case .object(let object):
            for member in object.members { try checkPlaceholders(in: member.value, at: "\(place).\(member.key)") }
        default:
            break
        }
    }

    static func values(_ batch: UploadBatch) -> [String: JSONValue] {
        let events = JSONValue.array(batch.events.map(\.jsonValue))
        return [
            "sessionId": .string(batch.sessionId), "windowId": .string(batch.windowId), "pageId": .string(batch.pageId),
            "sequence": .integer(Int64(batch.sequence)), "distinctId": .string(batch.distinctId),
            "userId": batch.userId.map { .string($0) } ?? .null, "origin": .string(batch.origin), "userAgent": .string(batch.userAgent),
            "events": events, "eventsJSON": .string(String(decoding: JSONWriter.canonicalBytes(events), as: UTF8.self)),
        ]
    }

    static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        default: return String(decoding: JSONWriter.canonicalBytes(value), as: UTF8.self)
        }
    }

    /// Substitutes placeholders in a text template; `encode` percent-encodes each value (paths).
    static func fill(_ template: String, _ values: [String: JSONValue], encode: Bool) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            let value = values[name].map(text(of:)) ?? ""
            out += encode ? PercentCoding.encode(value) : value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    static func fill(_ template: JSONValue, _ values: [String: JSONValue]) -> JSONValue {
        switch template {
        case .string(let text):
            if text.hasPrefix("{"), text.hasSuffix("}"), let value = values[String(text.dropFirst().dropLast())] { return value }
            return .string(fill(text, values, encode: false))
        case .array(let items):
            return .array(items.map { fill($0, values) })
        case .object(let object):
            return .object(JSONObject(object.members.map { (key: $0.key, value: fill($0.value, values)) }))
        default:
            return template
        }
    }

    public func requests(for batch: UploadBatch) throws(AdapterError) -> [HTTPRequestBytes] {
        let values = Self.values(batch)
        var headers = self.headers.map { HTTPHeader($0.name, Self.fill($0.value, values, encode: false)) }
        if let encoding = compression.contentEncoding { headers.append(HTTPHeader("Content-Encoding", encoding)) }
        let names = Set(headers.map { $0.name.lowercased() })
        if !names.contains("origin") { headers.append(HTTPHeader("Origin", batch.origin)) }
        if !names.contains("user-agent") { headers.append(HTTPHeader("User-Agent", batch.userAgent)) }
        let body = JSONWriter.canonicalBytes(Self.fill(self.body, values))
        return [HTTPRequestBytes(method: method, path: Self.fill(path, values, encode: true), headers: headers, body: compression.apply(body))]
    }

    /// The read-back request for one session.
    func readBackPath(session: String) -> String? {
        readBack.map { Self.fill($0.path, ["sessionId": .string(session)], encode: true) }
    }

    /// Finds the events in a read-back response by the configured path.
    static func events(in value: JSONValue, path: ArraySlice<String>) -> [JSONValue] {
        guard let first = path.first else {
            return value.arrayValue ?? []
        }
        let rest = path.dropFirst()
        if first == "*" {
            return (value.arrayValue ?? []).flatMap { events(in: $0, path: rest) }
        }
        if let index = Int(first), let items = value.arrayValue {
            return index < items.count ? events(in: items[index], path: rest) : []
        }
        guard let next = value[first] else { return [] }
        return events(in: next, path: rest)
    }
}
