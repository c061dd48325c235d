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
    public var granularity: DeliveryAccounting.Granularity
    public var retryPolicy: RetryPolicy
    public var requestTimeoutSeconds: Double

    public init(baseURL: URL, adapter: any Adapter, readBack: any ReadBack, granularity: DeliveryAccounting.Granularity = .batches,
                retryPolicy: RetryPolicy = .standard, requestTimeoutSeconds: Double = 30) {
        self.baseURL = baseURL
        self.adapter = adapter
        self.readBack = readBack
        self.granularity = granularity
        self.retryPolicy = retryPolicy
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }

    /// The embedded reference server, with its tokens.
    public static func reference(_ server: ReferenceServer, retryPolicy: RetryPolicy = .standard) -> IngestTarget {
        IngestTarget(baseURL: server.baseURL, adapter: ReferenceAdapter(token: server.configuration.ingestToken),
                     readBack: ReferenceReadBack(baseURL: server.baseURL, token: server.configuration.readToken), retryPolicy: retryPolicy)
    }
}

/// What one delivery run did: every send, what was read back, and the accounting findings.
public struct DeliveryOutcome: Sendable {
    public struct Send: Sendable {
        public var key: BatchKey
        /// One report per request the adapter made for the batch (Sentry sends errors separately).
        public var reports: [DeliveryReport]
    }

    public var sent: [UploadBatch]
    public var sends: [Send]
    public var storedBack: [UploadBatch]
    public var findings: [DeliveryFinding]

    /// Batches whose recording request got a 2xx.
    public var acknowledged: [BatchKey] { sends.filter { $0.reports.first?.acknowledged == true }.map(\.key) }

    /// nil when nothing was found; otherwise one line per finding, for a test helper or the CLI to report.
    public var failureMessage: String? {
        findings.isEmpty ? nil : "delivery accounting found \(findings.count) problem(s):\n" + findings.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Sends batches to a target in order, reads every session back and runs delivery accounting.
public enum IngestRun {
    public static func deliver(_ batches: [UploadBatch], to target: IngestTarget, leftovers: [BatchKey] = [], seed: UInt64 = 1) async throws -> DeliveryOutcome {
        let transport = Transport(baseURL: target.baseURL, policy: target.retryPolicy, seed: seed, timeoutSeconds: target.requestTimeoutSeconds)
        var sends: [DeliveryOutcome.Send] = []
        for batch in batches {
            var reports: [DeliveryReport] = []
            for request in try target.adapter.requests(for: batch) {
                reports.append(await transport.send(request))
            }
            sends.append(DeliveryOutcome.Send(key: BatchKey(batch), reports: reports))
        }
        var sessions: [String] = []
        for batch in batches where !sessions.contains(batch.sessionId) { sessions.append(batch.sessionId) }
        var stored: [UploadBatch] = []
        for session in sessions { stored += try await target.readBack.batches(session: session) }
        let acknowledged = sends.filter { $0.reports.first?.acknowledged == true }.map(\.key)
        let findings = DeliveryAccounting.compare(sent: batches, acknowledged: acknowledged, storedBack: stored, leftovers: leftovers,
                                                  granularity: target.granularity)
        return DeliveryOutcome(sent: batches, sends: sends, storedBack: stored, findings: findings)
    }
}
