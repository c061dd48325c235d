/// How an endpoint keeps uploads, and so how stored data is matched to what was sent.
public enum StorageGranularity: Sendable {
    /// As batches with their (window, sequence, page) identity: the reference server, Sentry.
    case batches
    /// As loose events per session and page, with no sequence: django-rrweb.
    case events
}
