/// One upload a recorder SDK makes: events of one session, window and page view, with a sequence number.
///
/// This is the unit the simulator schedules, adapters put on the wire in a
/// vendor's format, endpoints store and deduplicate by
/// (`sessionId`, `windowId`, `sequence`), and read-back returns.
///
/// ```swift
/// let batch = UploadBatch(sessionId: "s1", windowId: "w1", pageId: "p1", sequence: 0,
///                         distinctId: "d1", origin: "https://shop.example", events: events)
/// ```
public struct UploadBatch: JSONCodable {
    /// The recording session the events belong to.
    public var sessionId: String
    /// The browser tab (each tab is its own rrweb recording with its own node ids).
    public var windowId: String
    /// The page view within the tab.
    public var pageId: String
    /// The batch's number within (`sessionId`, `windowId`), from 0.
    public var sequence: Int
    /// The device or visitor id (PostHog's `distinct_id`).
    public var distinctId: String
    /// The identified user, once the application called identify.
    public var userId: String?
    /// The page's origin (`https://shop.example`), sent as the `Origin` header.
    public var origin: String
    /// The browser's user agent.
    public var userAgent: String
    public var events: [Event]
    /// Members this model does not know, kept as they were.
    public var extra: JSONObject

    public init(
        sessionId: String, windowId: String, pageId: String, sequence: Int, distinctId: String, userId: String? = nil,
        origin: String, userAgent: String = UploadBatch.defaultUserAgent, events: [Event], extra: JSONObject = JSONObject()
    ) {
        self.sessionId = sessionId
        self.windowId = windowId
        self.pageId = pageId
        self.sequence = sequence
        self.distinctId = distinctId
        self.userId = userId
        self.origin = origin
        self.userAgent = userAgent
        self.events = events
        self.extra = extra
    }

    /// The JSON depth of a batch holding a page `elements` deep: two levels an element, and room for the batch,
    /// the event, the snapshot data and a server's read-back or log envelope.
    public static func jsonDepth(pageElements elements: Int) -> Int {
        2 * elements + 32
    }

    /// The deepest page the simulator writes (the HTML parser's limit), whose batches every reader must accept.
    public static let deepestPage = 256

    /// A current desktop Chrome user agent, used when a scenario names none.
    public static let defaultUserAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

    public init(json: JSONValue) throws(RecordingError) {
        var reader = try MemberReader(json)
        sessionId = try reader.string("sessionId")
        windowId = try reader.string("windowId")
        pageId = try reader.string("pageId")
        sequence = try reader.int("sequence")
        distinctId = try reader.string("distinctId")
        userId = try reader.optionalString("userId")
        origin = try reader.string("origin")
        userAgent = try reader.optionalString("userAgent") ?? Self.defaultUserAgent
        events = try reader.array("events") { value throws(RecordingError) in try Event(json: value) }
        extra = reader.extras
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        object.key("distinctId", &writer); writer.write(distinctId)
        object.key("events", &writer); writer.writeArray(events)
        object.key("origin", &writer); writer.write(origin)
        object.key("pageId", &writer); writer.write(pageId)
        object.key("sequence", &writer); writer.write(sequence)
        object.key("sessionId", &writer); writer.write(sessionId)
        object.key("userAgent", &writer); writer.write(userAgent)
        if let userId { object.key("userId", &writer); writer.write(userId) }
        object.key("windowId", &writer); writer.write(windowId)
        object.end(&writer)
    }
}
