import SessionModel

/// The reference server's own format: `POST /v1/batches` with the `UploadBatch` as canonical JSON.
public struct ReferenceAdapter: Adapter {
    public let name = "reference"
    public var compression: BodyCompression
    /// Sent as `Authorization: Bearer TOKEN` when set.
    public var token: String?

    public init(compression: BodyCompression = .gzip, token: String? = nil) {
        self.compression = compression
        self.token = token
    }

    /// The reference server answers 200 with `{"status": "stored"}` or `{"status": "duplicate"}`; anything else stored nothing it admits to.
    public var acknowledgement: Acknowledgement {
        Acknowledgement(statuses: [200], bodyPath: try! JSONQuery(parsing: "$.status"), accepted: ["stored", "duplicate"])
    }

    public func requests(for batch: UploadBatch) throws(AdapterError) -> [HTTPRequestBytes] {
        var headers = [HTTPHeader("Content-Type", "application/json")]
        if let encoding = compression.contentEncoding { headers.append(HTTPHeader("Content-Encoding", encoding)) }
        if let token { headers.append(HTTPHeader("Authorization", "Bearer \(token)")) }
        headers.append(HTTPHeader("Origin", batch.origin))
        headers.append(HTTPHeader("User-Agent", batch.userAgent))
        return [HTTPRequestBytes(method: "POST", path: "/v1/batches", headers: headers, body: compression.apply(batch.canonicalBytes))]
    }
}
