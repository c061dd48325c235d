import SessionModel

/// What happened in one recorded session, in order: pages, clicks, inputs, console, errors, network, custom events, idle gaps.
///
/// Times are milliseconds from the first event, so a timeline does not depend
/// on when the session was recorded. `canonicalBytes()` is the golden form.
///
/// ```swift
/// let timeline = Timeline(session: ReplaySession(bytes: bytes))
/// FileManager.default.createFile(atPath: "timeline.json", contents: Data(timeline.canonicalBytes()))
/// ```
public struct Timeline: Sendable {
    /// The entries in time order (ties keep event order).
    public var entries: [TimelineEntry]
    /// Problems met while decoding and reconstructing.
    public var findings: [ReplayFinding]
    /// Milliseconds from the first to the last event.
    public var duration: Int64

    /// Builds the timeline by playing the session once.
    public init(session: ReplaySession, options: TimelineOptions = TimelineOptions()) {
        var builder = TimelineBuilder(session: session, options: options)
        self = builder.build()
    }

    /// One timeline for a session recorded as several recordings (PostHog windows, tabs): entries in time order, each with a `window` field.
    ///
    /// Times are rebased on the earliest first event; findings name their window in the message.
    public init(windows: [(name: String, session: ReplaySession)], options: TimelineOptions = TimelineOptions()) {
        let start = windows.map(\.session.startTime).min() ?? 0
        var merged: [(entry: TimelineEntry, window: Int, order: Int)] = []
        var findings: [ReplayFinding] = []
        var end = start
        for (number, window) in windows.enumerated() {
            let timeline = Timeline(session: window.session, options: options)
            let shift = window.session.startTime - start
            end = max(end, window.session.startTime + window.session.duration)
            for entry in timeline.entries {
                var copy = entry
                copy.time += shift
                copy.fields["window"] = .string(window.name)
                if copy.kind == .idle {
                    for key in ["from", "to"] { if let value = copy.fields[key]?.intValue { copy.fields[key] = .integer(Int64(value) + shift) } }
                }
                merged.append((copy, number, merged.count))
            }
            findings += timeline.findings.map { ReplayFinding(eventIndex: $0.eventIndex, kind: $0.kind, message: "\(window.name): \($0.message)") }
        }
        merged.sort { a, b in
            if a.entry.time != b.entry.time { return a.entry.time < b.entry.time }
            if a.window != b.window { return a.window < b.window }
            return a.order < b.order
        }
        self.init(entries: merged.map(\.entry), findings: findings, duration: end - start)
    }

    init(entries: [TimelineEntry], findings: [ReplayFinding], duration: Int64) {
        self.entries = entries
        self.findings = findings
        self.duration = duration
    }

    /// The entries of one kind.
    public func entries(_ kind: TimelineEntry.Kind) -> [TimelineEntry] {
        entries.filter { $0.kind == kind }
    }

    /// The timeline as JSON: `duration`, `entries`, `findings` and a `summary` of counts by kind.
    public var jsonValue: JSONValue {
        var summary = JSONObject()
        for entry in entries {
            let count = summary[entry.kind.rawValue]?.intValue ?? 0
            summary[entry.kind.rawValue] = .integer(Int64(count + 1))
        }
        let findings: [JSONValue] = findings.map { finding in
            var object: JSONObject = ["kind": .string(finding.kind.rawValue), "message": .string(finding.message)]
            if let index = finding.eventIndex { object["event"] = .integer(Int64(index)) }
            return .object(object)
        }
        return [
            "duration": .integer(duration),
            "entries": .array(entries.map(\.jsonValue)),
            "findings": .array(findings),
            "summary": .object(summary),
        ]
    }

    /// Pretty canonical JSON with sorted keys and a trailing newline, the golden form.
    public func canonicalBytes() -> [UInt8] {
        JSONWriter.canonicalBytes(jsonValue, style: .pretty)
    }
}

/// Settings for building a timeline.
public struct TimelineOptions: Sendable {
    /// A pause with no user interaction at least this long (ms) becomes an `idle` entry; rrweb skips such gaps.
    public var idleThreshold: Int64 = 10_000
    /// Click texts longer than this are cut, with `…`.
    public var maximumTextLength = 80

    public init(idleThreshold: Int64 = 10_000, maximumTextLength: Int = 80) {
        self.idleThreshold = idleThreshold
        self.maximumTextLength = maximumTextLength
    }
}

/// One thing that happened: its kind, when, the event it came from, and kind-specific fields.
public struct TimelineEntry: Sendable, Equatable {
    /// What an entry records.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A page view (Meta): `url`, `viewport`, `title`.
        public static let page = Kind(rawValue: "page")
        /// A new viewport size: `viewport`.
        public static let resize = Kind(rawValue: "resize")
        /// A click, double click or context menu: `target` (a selector), `text`, `button`, and `x`/`y` when recorded.
        public static let click = Kind(rawValue: "click")
        /// The final recorded value of one form control on one page: `target`, `value`, `masked`, `checked`.
        public static let input = Kind(rawValue: "input")
        /// A console call: `level`, `message`, `trace`.
        public static let console = Kind(rawValue: "console")
        /// A JavaScript error or unhandled rejection: `type`, `message`, `frames`, `handled`.
        public static let error = Kind(rawValue: "error")
        /// A network request: `method`, `url`, `status`, `failed`, headers, body sizes, `duration`.
        public static let network = Kind(rawValue: "network")
        /// A Redux action: `action`, `payload`, `state`.
        public static let redux = Kind(rawValue: "redux")
        /// An identify call: `userId`.
        public static let identify = Kind(rawValue: "identify")
        /// Any other custom event: `tag`, `payload`.
        public static let custom = Kind(rawValue: "custom")
        /// A pause with no user interaction: `from`, `to`, `duration`.
        public static let idle = Kind(rawValue: "idle")

        public var description: String { rawValue }
    }

    public var kind: Kind
    /// Milliseconds from the first event.
    public var time: Int64
    /// The index of the event in the recording.
    public var eventIndex: Int
    /// The kind-specific fields.
    public var fields: JSONObject

    public init(kind: Kind, time: Int64, eventIndex: Int, fields: JSONObject) {
        self.kind = kind
        self.time = time
        self.eventIndex = eventIndex
        self.fields = fields
    }

    /// The field `name`.
    public subscript(name: String) -> JSONValue? { fields[name] }

    /// The entry as one JSON object: `kind`, `time`, `event` and the fields.
    public var jsonValue: JSONValue {
        var object = fields
        object["kind"] = .string(kind.rawValue)
        object["time"] = .integer(time)
        object["event"] = .integer(Int64(eventIndex))
        return .object(object)
    }
}
