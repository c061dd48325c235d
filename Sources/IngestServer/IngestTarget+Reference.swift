import Ingest

extension IngestTarget {
    /// The embedded reference server, with its tokens.
    public static func reference(_ server: ReferenceServer, retryPolicy: RetryPolicy = .standard) -> IngestTarget {
        IngestTarget(baseURL: server.baseURL, adapter: ReferenceAdapter(token: server.configuration.ingestToken),
                     readBack: ReferenceReadBack(baseURL: server.baseURL, token: server.configuration.readToken), retryPolicy: retryPolicy,
                     redaction: .referenceServer)
    }
}
