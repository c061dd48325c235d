/// An event from a recorder plugin (event type 6), such as console or network capture.
public struct PluginEvent: JSONCodable {
    /// The plugin name, e.g. `rrweb/console@1`.
    public var plugin: String
    public var payload: PluginPayload
    public var extra: JSONObject

    public static let consolePlugin = "rrweb/console@1"
    public static let networkPlugin = "rrweb/network@1"
    /// The older name PostHog's player still reads.
    public static let legacyPostHogNetworkPlugin = "posthog/network@1"

    public init(plugin: String, payload: PluginPayload, extra: JSONObject = JSONObject()) {
        self.plugin = plugin
        self.payload = payload
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        plugin = try reader.string("plugin")
        let raw = reader.take("payload") ?? .null
        do throws(RecordingError) {
            switch plugin {
            case Self.consolePlugin: payload = .console(try ConsoleLog(json: raw))
            case Self.networkPlugin, Self.legacyPostHogNetworkPlugin: payload = .network(try NetworkCapture(json: raw))
            default: payload = .other(raw)
            }
        } catch {
            throw error.prefixed(.key("payload"))
        }
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("payload", &writer)
        switch payload {
        case .console(let log): log.write(to: &writer)
        case .network(let capture): capture.write(to: &writer)
        case .other(let value): writer.write(value)
        }
        object.key("plugin", &writer); writer.write(plugin)
        object.end(&writer)
    }
}

/// The payload of a plugin event: typed for the plugins this model knows.
public enum PluginPayload: Sendable, Equatable {
    case console(ConsoleLog)
    case network(NetworkCapture)
    case other(JSONValue)
}

/// One console call captured by `rrweb/console@1`.
public struct ConsoleLog: JSONCodable {
    /// `log`, `info`, `warn`, `error`, `debug`, `assert`, `trace` and the other console methods.
    public var level: String
    /// Each argument, JSON-stringified by the recorder (a string `x` appears as `"\"x\""`).
    public var payload: [String]
    /// Stack frames as `file:line:column`.
    public var trace: [String]
    public var extra: JSONObject

    public init(level: String, payload: [String], trace: [String] = [], extra: JSONObject = JSONObject()) {
        self.level = level
        self.payload = payload
        self.trace = trace
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        level = try reader.string("level")
        payload = try reader.array("payload") { value throws(RecordingError) in try Self.string(value) }
        trace = try reader.array("trace") { value throws(RecordingError) in try Self.string(value) }
        extra = reader.extras
    }

    private static func string(_ value: JSONValue) throws(RecordingError) -> String {
        guard case .string(let text) = value else { throw RecordingError(message: "expected a string, found \(value.kindName)") }
        return text
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("level", &writer); writer.write(level)
        object.key("payload", &writer); writer.write(.array(payload.map(JSONValue.string)))
        object.key("trace", &writer); writer.write(.array(trace.map(JSONValue.string)))
        object.end(&writer)
    }
}

/// Requests captured by a network plugin (`rrweb/network@1` or PostHog's variant).
public struct NetworkCapture: JSONCodable {
    public var requests: [NetworkRequest]
    /// The requests were made before recording started.
    public var isInitial: Optional<Bool>
    public var extra: JSONObject

    public init(requests: [NetworkRequest], isInitial: Bool? = nil, extra: JSONObject = JSONObject()) {
        self.requests = requests
        self.isInitial = isInitial
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        requests = try reader.array("requests") { value throws(RecordingError) in try NetworkRequest(json: value) }
        isInitial = try reader.optionalBool("isInitial")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        if let isInitial { object.key("isInitial", &writer); writer.write(isInitial) }
        object.key("requests", &writer); writer.writeArray(requests)
        object.end(&writer)
    }
}

/// One fetch, XHR or resource load: URL, method, status, headers, bodies and timing.
public struct NetworkRequest: JSONCodable {
    /// The URL.
    public var name: String
    public var method: Optional<String>
    public var initiatorType: Optional<String>
    public var status: Optional<Int>
    /// Milliseconds from the page's time origin.
    public var startTime: Optional<Double>
    public var endTime: Optional<Double>
    public var duration: Optional<Double>
    public var entryType: Optional<String>
    public var requestHeaders: Optional<JSONObject>
    public var requestBody: Optional<JSONValue>
    public var responseHeaders: Optional<JSONObject>
    public var responseBody: Optional<JSONValue>
    public var isInitial: Optional<Bool>
    public var extra: JSONObject

    public init(
        name: String, method: String? = nil, initiatorType: String? = nil, status: Int? = nil, startTime: Double? = nil,
        endTime: Double? = nil, duration: Double? = nil, entryType: String? = nil, requestHeaders: JSONObject? = nil,
        requestBody: JSONValue? = nil, responseHeaders: JSONObject? = nil, responseBody: JSONValue? = nil,
        isInitial: Bool? = nil, extra: JSONObject = JSONObject()
    ) {
        self.name = name
        self.method = method
        self.initiatorType = initiatorType
        self.status = status
        self.startTime = startTime
        self.endTime = endTime
        self.duration = duration
        self.entryType = entryType
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.isInitial = isInitial
        self.extra = extra
    }

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        name = try reader.string("name")
        method = try reader.optionalString("method")
        initiatorType = try reader.optionalString("initiatorType")
        status = try reader.optionalInt("status")
        startTime = try reader.optionalDouble("startTime")
        endTime = try reader.optionalDouble("endTime")
        duration = try reader.optionalDouble("duration")
        entryType = try reader.optionalString("entryType")
        requestHeaders = try reader.optionalObject("requestHeaders")
        requestBody = reader.take("requestBody")
        responseHeaders = try reader.optionalObject("responseHeaders")
        responseBody = reader.take("responseBody")
        isInitial = try reader.optionalBool("isInitial")
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        if let duration { object.key("duration", &writer); writer.write(duration) }
        if let endTime { object.key("endTime", &writer); writer.write(endTime) }
        if let entryType { object.key("entryType", &writer); writer.write(entryType) }
        if let initiatorType { object.key("initiatorType", &writer); writer.write(initiatorType) }
        if let isInitial { object.key("isInitial", &writer); writer.write(isInitial) }
        if let method { object.key("method", &writer); writer.write(method) }
        object.key("name", &writer); writer.write(name)
        if let requestBody { object.key("requestBody", &writer); writer.write(requestBody) }
        if let requestHeaders { object.key("requestHeaders", &writer); writer.write(.object(requestHeaders)) }
        if let responseBody { object.key("responseBody", &writer); writer.write(responseBody) }
        if let responseHeaders { object.key("responseHeaders", &writer); writer.write(.object(responseHeaders)) }
        if let startTime { object.key("startTime", &writer); writer.write(startTime) }
        if let status { object.key("status", &writer); writer.write(status) }
        object.end(&writer)
    }
}
