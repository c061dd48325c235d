/// How many bytes of batch log the reference server keeps, per session and in all, before it refuses more.
///
/// Bytes are counted as stored (the canonical log line of each batch), so a small gzip request that
/// inflates to megabytes counts at its inflated size. A batch over the session quota gets 413, one over
/// the total quota gets 507; neither is stored.
public struct StorageQuota: Sendable, Equatable {
    /// Bytes one session's batches may take together.
    public var maximumSessionBytes: Int
    /// Bytes all batches may take together.
    public var maximumTotalBytes: Int

    public init(maximumSessionBytes: Int = 64 << 20, maximumTotalBytes: Int = 1 << 30) {
        self.maximumSessionBytes = maximumSessionBytes
        self.maximumTotalBytes = maximumTotalBytes
    }
}
