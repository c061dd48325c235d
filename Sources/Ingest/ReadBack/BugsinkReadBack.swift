import Foundation
import SessionModel

/// Reads bugsink: digested JS errors over its REST API, and replay segments from the raw envelopes it keeps.
///
/// bugsink digests only `event` items; replay items are accepted and dropped, but
/// with `KEEP_ENVELOPES` the raw envelope stays in SQLite table `ingest_envelope`,
/// which is where replay read-back comes from (read-only).
public struct BugsinkReadBack: ReadBack {
    public var baseURL: URL
    public var token: String
    public var projectId: String
    /// bugsink's SQLite database, for the kept envelopes.
    public var databasePath: String?

    public init(baseURL: URL, token: String, projectId: String, databasePath: String? = nil) {
        self.baseURL = baseURL
        self.token = token
        self.projectId = projectId
        self.databasePath = databasePath
    }

    /// One error as bugsink stored it.
    public struct StoredError: Sendable, Equatable {
        public var eventId: String
        public var replayId: String?
        /// The error, its frames turned back into stack order (the throwing frame first).
        public var error: ScriptError
        /// Milliseconds since the epoch.
        public var timestamp: Int64
    }

    private func getJSON(_ path: String) async throws -> JSONValue {
        let (status, body) = try await Transport(baseURL: baseURL, policy: .none).get(path, headers: [HTTPHeader("Authorization", "Bearer \(token)")])
        guard status == 200 else { throw ReadBackError("bugsink GET \(path) answered \(status): \(String(decoding: body.prefix(300), as: UTF8.self))") }
        return try JSONReader.parse(body)
    }

    private static func results(_ value: JSONValue) -> [JSONValue] {
        value["results"]?.arrayValue ?? value.arrayValue ?? []
    }

    /// Every error event of the project, sorted by event id.
    public func errors() async throws -> [StoredError] {
        var stored: [StoredError] = []
        for issue in Self.results(try await getJSON("/api/canonical/0/issues/?project=\(projectId)")) {
            guard let issueId = issue["id"]?.stringValue else { continue }
            for summary in Self.results(try await getJSON("/api/canonical/0/events/?issue=\(issueId)")) {
                guard let eventId = summary["id"]?.stringValue else { continue }
                if let error = Self.storedError(try await getJSON("/api/canonical/0/events/\(eventId)/"), eventId: eventId) { stored.append(error) }
            }
        }
        return stored.sorted { $0.eventId < $1.eventId }
    }

    /// The error of one event as bugsink's events API answers it; nil when it holds no exception.
    static func storedError(_ full: JSONValue, eventId: String) -> StoredError? {
        let data = full["data"] ?? full
        guard let exception = data["exception"]?["values"]?.arrayValue?.last ?? data["exception"]?.arrayValue?.last else { return nil }
        let frames = (exception["stacktrace"]?["frames"]?.arrayValue ?? []).reversed().map { frame in
            ScriptError.Frame(file: frame["filename"]?.stringValue ?? "", line: frame["lineno"]?.intValue ?? 0,
                              column: frame["colno"]?.intValue ?? 0, function: frame["function"]?.stringValue)
        }
        let timestamp = data["timestamp"]?.doubleValue.map { Int64(($0 * 1000).rounded()) } ?? 0
        return StoredError(
            eventId: (data["event_id"]?.stringValue ?? eventId).replacingOccurrences(of: "-", with: ""),
            replayId: data["contexts"]?["replay"]?["replay_id"]?.stringValue,
            error: ScriptError(type: exception["type"]?.stringValue ?? "", message: exception["value"]?.stringValue ?? "",
                               frames: frames, handled: exception["mechanism"]?["handled"]?.boolValue ?? false),
            timestamp: timestamp)
    }

    /// Replay segments of `session` from the kept envelopes, mapped back through the harness tags, in segment order.
    public func batches(session: String) async throws -> [UploadBatch] {
        guard let databasePath else { throw ReadBackError("bugsink replay read-back needs the database path (BUGSINK_DB)") }
        let database = try SQLiteReader(path: databasePath)
        var batches: [UploadBatch] = []
        for row in try database.rows("SELECT data FROM ingest_envelope ORDER BY id") {
            guard let bytes = row[0].bytes, let batch = try Self.batch(fromEnvelope: bytes, session: session) else { continue }
            batches.append(batch)
        }
        return batches
    }

    /// The replay segment of a kept envelope, mapped back through the harness tags, when it is `session`'s.
    ///
    /// Envelopes that are not replays, or not whole, are nil (bugsink keeps every envelope); a replay of the
    /// session whose event or recording cannot be read is an error.
    static func batch(fromEnvelope bytes: [UInt8], session: String) throws -> UploadBatch? {
        guard let envelope = try? SentryEnvelope(parsing: bytes),
              let replayEvent = envelope.items.first(where: { $0.type == "replay_event" }),
              let recording = envelope.items.first(where: { $0.type == "replay_recording" }) else { return nil }
        let event = try JSONReader.parse(replayEvent.payload)
        let tags = event["tags"]
        let sessionId = tags?["harness.session"]?.stringValue ?? event["replay_id"]?.stringValue ?? ""
        guard sessionId == session else { return nil }
        let (segment, events) = try SentryEnvelope.recording(recording.payload)
        return UploadBatch(
            sessionId: sessionId, windowId: tags?["harness.window"]?.stringValue ?? "", pageId: tags?["harness.page"]?.stringValue ?? "",
            sequence: segment, distinctId: tags?["harness.distinct"]?.stringValue ?? "", userId: tags?["harness.user"]?.stringValue,
            origin: tags?["harness.origin"]?.stringValue ?? "", events: events)
    }
}
