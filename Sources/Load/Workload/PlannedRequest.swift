import SessionModel

/// One request of a load session, ready for the wire, with when it is due after the session's arrival.
public struct PlannedRequest: Sendable {
    /// Microseconds after the session's arrival (already divided by the time scale).
    public var offset: UInt64
    /// The whole HTTP/1.1 request.
    public var bytes: [UInt8]
    /// Whether it carries an upload (a batch) rather than a companion request such as a Sentry error envelope.
    public var isUpload: Bool
    /// The body as sent, and as it was before the adapter compressed it.
    public var bodyBytes: Int
    public var uncompressedBodyBytes: Int
    /// The batch an upload carries, for reading the session back; nil for other requests.
    public var batchKey: BatchKey?

    public init(offset: UInt64, bytes: [UInt8], isUpload: Bool, bodyBytes: Int, uncompressedBodyBytes: Int, batchKey: BatchKey? = nil) {
        self.batchKey = batchKey
        self.offset = offset
        self.bytes = bytes
        self.isUpload = isUpload
        self.bodyBytes = bodyBytes
        self.uncompressedBodyBytes = uncompressedBodyBytes
    }
}

/// Where a run's sessions come from: the `number`th arrival's requests, the same every time for the same number.
public protocol SessionSource: Sendable {
    /// The requests of the session that arrives `number`th (from 0), in the order they are due.
    func requests(forSession number: Int) throws(LoadInputError) -> [PlannedRequest]
    /// The words that identify what is sent, which shards must agree on (scenario names and digests, or the fixed body).
    var identity: [String] { get }
}
