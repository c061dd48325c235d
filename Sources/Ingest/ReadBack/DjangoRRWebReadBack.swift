import SessionModel

/// Reads django-rrweb's SQLite database (read-only): one batch per stored page, events in (timestamp, id) order.
///
/// The page key written by `DjangoRRWebAdapter` (`page~w<digest>`) gives back
/// the page id and a stable stand-in for the window id. django-rrweb stores no sequence, so every batch has
/// sequence 0 and accounting compares events; a resent batch shows up as
/// duplicated events, which is what django-rrweb really does.
public struct DjangoRRWebReadBack: ReadBack {
    public var databasePath: String

    public init(databasePath: String) {
        self.databasePath = databasePath
    }

    public func batches(session: String) async throws -> [UploadBatch] {
        let database = try SQLiteReader(path: databasePath)
        let pages = try database.rows("""
            SELECT p.id, p.key FROM django_rrweb_page p JOIN django_rrweb_session s ON p.session_id = s.id
            WHERE s.key = ?1 ORDER BY p.id
            """, [session])
        var batches: [UploadBatch] = []
        for page in pages {
            guard let pageRow = page[0].integer, let key = page[1].text else { continue }
            let rows = try database.rows("SELECT kind, data, timestamp FROM django_rrweb_event WHERE page_id = ?1 ORDER BY timestamp, id", [String(pageRow)])
            batches.append(try Self.batch(session: session, pageKey: key, events: rows.map { ($0[0].integer, $0[1].text, $0[2].integer) }))
        }
        return batches
    }

    /// One stored page as a batch: its key (`page~w<digest>`) and its event rows (kind, data JSON, timestamp).
    static func batch(session: String, pageKey key: String, events rows: [(kind: Int64?, data: String?, timestamp: Int64?)]) throws -> UploadBatch {
        let parts = key.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
        let (pageId, window) = parts.count == 2 ? (parts[0], parts[1]) : (key, "")
        var events: [Event] = []
        for (index, row) in rows.enumerated() {
            guard let kind = row.kind, let data = row.data else { continue }
            do {
                var object: JSONObject = ["type": .integer(kind), "data": try JSONReader.parse(data)]
                if let timestamp = row.timestamp { object["timestamp"] = .integer(timestamp) }
                events.append(try Event(json: .object(object)))
            } catch {
                throw ReadBackError("django-rrweb page \(key), event \(index): \(error)")
            }
        }
        return UploadBatch(sessionId: session, windowId: window, pageId: pageId, sequence: 0, distinctId: "", origin: "", events: events)
    }
}
