/// What `RecordingInspector` found in a recording: counts, time span, pages and problems.
public struct RecordingReport: Sendable, Equatable {
    /// A page view, from a Meta event.
    public struct Page: Sendable, Equatable {
        public var eventIndex: Int
        public var href: String
        public var width: Double
        public var height: Double
    }

    /// Something structurally wrong, at an event.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var eventIndex: Int?
        public var message: String

        public var description: String {
            if let eventIndex { return "event \(eventIndex): \(message)" }
            return message
        }
    }

    public var eventCount = 0
    /// Events per type, in type order.
    public var countsByType: [(type: EventType, count: Int)] = []
    /// Incremental snapshot events per source, in source order.
    public var countsBySource: [(source: IncrementalSource, count: Int)] = []
    public var firstTimestamp: Int64?
    public var lastTimestamp: Int64?
    public var eventsWithoutTimestamp = 0
    public var pages: [Page] = []
    public var problems: [Problem] = []

    /// Milliseconds from the earliest to the latest timestamp.
    public var duration: Int64? {
        guard let firstTimestamp, let lastTimestamp else { return nil }
        return lastTimestamp - firstTimestamp
    }

    public var isClean: Bool { problems.isEmpty }

    public static func == (lhs: RecordingReport, rhs: RecordingReport) -> Bool {
        lhs.eventCount == rhs.eventCount && lhs.countsByType.elementsEqual(rhs.countsByType, by: ==)
            && lhs.countsBySource.elementsEqual(rhs.countsBySource, by: ==) && lhs.firstTimestamp == rhs.firstTimestamp
            && lhs.lastTimestamp == rhs.lastTimestamp && lhs.eventsWithoutTimestamp == rhs.eventsWithoutTimestamp
            && lhs.pages == rhs.pages && lhs.problems == rhs.problems
    }

    /// The report as canonical JSON, for `inspect --json`.
    public var jsonValue: JSONValue {
        var object: JSONObject = [
            "events": .integer(Int64(eventCount)),
            "eventsByType": .object(JSONObject(countsByType.map { (key: $0.type.description, value: .integer(Int64($0.count))) })),
            "incrementalBySource": .object(JSONObject(countsBySource.map { (key: $0.source.description, value: .integer(Int64($0.count))) })),
            "eventsWithoutTimestamp": .integer(Int64(eventsWithoutTimestamp)),
            "pages": .array(pages.map { page in
                ["event": .integer(Int64(page.eventIndex)), "href": .string(page.href), "width": .double(page.width), "height": .double(page.height)]
            }),
            "problems": .array(problems.map { problem in
                ["event": problem.eventIndex.map { .integer(Int64($0)) } ?? .null, "message": .string(problem.message)]
            }),
            "clean": .bool(isClean),
        ]
        object["firstTimestamp"] = firstTimestamp.map { .integer($0) } ?? .null
        object["lastTimestamp"] = lastTimestamp.map { .integer($0) } ?? .null
        object["durationMs"] = duration.map { .integer($0) } ?? .null
        return .object(object)
    }
}
