import SessionModel

/// django-rrweb 4.x: `POST /backend/django_rrweb/record/events/` with `{rrwebSessionKey, rrwebPageKey, rrwebEvents}`.
///
/// django-rrweb has no window or sequence, and its page key is globally unique,
/// so the page key carries the harness's ids as `session~window~page`; read-back
/// splits it again. It takes no compression and stores a resent batch twice.
public struct DjangoRRWebAdapter: Adapter {
    public let name = "django-rrweb"
    /// The mount point of `django_rrweb.urls` (the setup script uses `/backend/`).
    public var pathPrefix: String

    public init(pathPrefix: String = "/backend/") {
        self.pathPrefix = pathPrefix
    }

    /// The page key used for a batch: `session~window~page` (ids never contain `~`).
    public static func pageKey(_ batch: UploadBatch) -> String {
        "\(batch.sessionId)~\(batch.windowId)~\(batch.pageId)"
    }

    public func requests(for batch: UploadBatch) throws(AdapterError) -> [HTTPRequestBytes] {
        let key = Self.pageKey(batch)
        guard key.utf8.count <= 100, batch.sessionId.utf8.count <= 100 else {
            throw AdapterError("django-rrweb keys hold at most 100 characters; '\(key)' is longer")
        }
        var writer = JSONWriter()
        writer.writeRaw(Array(#"{"rrwebEvents":"#.utf8))
        writer.writeArray(batch.events)
        writer.writeRaw(Array(#","rrwebPageKey":"#.utf8)); writer.write(key)
        writer.writeRaw(Array(#","rrwebSessionKey":"#.utf8)); writer.write(batch.sessionId)
        writer.writeRaw([UInt8(ascii: "}")])
        let headers = [
            HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("Origin", batch.origin),
            HTTPHeader("User-Agent", batch.userAgent),
        ]
        return [HTTPRequestBytes(method: "POST", path: pathPrefix + "django_rrweb/record/events/", headers: headers, body: writer.bytes)]
    }
}
