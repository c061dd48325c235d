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
            let parts = key.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
            let (pageId, window) = parts.count == 2 ? (parts[0], parts[1]) : (key, "")
            let rows = try database.rows("SELECT kind, data, timestamp FROM django_rrweb_event WHERE page_id = ?1 ORDER BY timestamp, id", [String(pageRow)])
            var events: [Event] = []
            for (index, row) in rows.enumerated() {
                guard let kind = row[0].integer, let data = row[1].text else { continue }
                var object: JSONObject = ["type": .integer(kind), "data": try JSONReader.parse(data)]
                if let timestamp = row[2].integer { object["timestamp"] = .integer(timestamp) }
                do {
                    events.append(try Event(json: .object(object)))
                } catch {
                    throw ReadBackError("django-rrweb page \(key), event \(index): \(error)")
                }
            }
            batches.append(UploadBatch(sessionId: session, windowId: window, pageId: pageId, sequence: 0, distinctId: "", origin: "", events: events))
        }
        return batches
    }
}
