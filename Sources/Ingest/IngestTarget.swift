import Foundation
import SessionModel

/// Where a run sends batches and how it reads them back.
///
/// ```swift
/// let server = try ReferenceServer.start(.init(dataDirectory: dir))
/// let outcome = try await IngestRun.deliver(batches, to: .reference(server))
/// if let message = outcome.failureMessage { Issue.record(Comment(rawValue: message)) }
/// ```
public struct IngestTarget: Sendable {
    public var baseURL: URL
    public var adapter: any Adapter
    public var readBack: any ReadBack
    /// How to erase a visitor; nil when the target offers no erasure, and the erasure check does not run.
    public var eraser: (any Eraser)?
    public var granularity: StorageGranularity
    public var retryPolicy: RetryPolicy
    public var requestTimeoutSeconds: Double
    /// What the target masks server-side, when known; stored data is held to it by the `redaction` check.
    public var redaction: RedactionProfile?
    /// The folder under `golden/targets/` holding this target's goldens; nil means `golden/`, which assumes the reference server's redaction.
    public var goldenName: String?

    public init(baseURL: URL, adapter: any Adapter, readBack: any ReadBack, granularity: StorageGranularity = .batches,
                retryPolicy: RetryPolicy = .standard, requestTimeoutSeconds: Double = 30, eraser: (any Eraser)? = nil,
                redaction: RedactionProfile? = nil, goldenName: String? = nil) {
        self.baseURL = baseURL
        self.adapter = adapter
        self.readBack = readBack
        // A read-back that can also erase (the reference server's) is the eraser unless one is given.
        self.eraser = eraser ?? (readBack as? any Eraser)
        self.granularity = granularity
        self.retryPolicy = retryPolicy
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.redaction = redaction
        self.goldenName = goldenName
    }
}
