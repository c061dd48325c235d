import SessionModel

/// django-rrweb 4.x: `POST /backend/django_rrweb/record/events/` with `{rrwebSessionKey, rrwebPageKey, rrwebEvents}`.
///
/// django-rrweb has no window or sequence, and its page key is globally unique,
/// so the page key is `page~w<digest>`: the harness's page id and a 64-bit
/// digest of (session, window). The digest keeps a page whose session rotated
/// mid-page (idle timeout) from reusing a key django-rrweb holds globally
/// unique, and stays within its 100 characters; read-back uses it as the
/// window's id. It takes no compression and stores a resent batch twice.
public struct DjangoRRWebAdapter: Adapter {
    public let name = "django-rrweb"
    /// The mount point of `django_rrweb.urls` (the setup script uses `/backend/`).
    public var pathPrefix: String

    public init(pathPrefix: String = "/backend/") {
        self.pathPrefix = pathPrefix
    }

    /// The page key used for a batch: `page~w<digest of session and window>` (ids never contain `~`).
    public static func pageKey(_ batch: UploadBatch) -> String {
        "\(batch.pageId)~w\(windowDigest(session: batch.sessionId, window: batch.windowId))"
    }

    /// FNV-1a (64 bit) of session and window, in hex: a stable stand-in for the window id.
    static func windowDigest(session: String, window: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in session.utf8 + [0] + window.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
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
