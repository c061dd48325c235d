import Checks
import Foundation
import Ingest
import SessionModel

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
    /// Batches not sent because an earlier one got no answer at all (or the run's deadline passed).
    public var unsent: Int = 0
    /// Why reading back failed; when set, `storedBack` is empty and `findings` were not computed.
    public var readBackFailure: String?
    /// The `erase` steps performed between sends, in order.
    public var erasures: [MidRunErasure.Outcome] = []

    /// Whether some request got no HTTP answer on any attempt, or the deadline cut it short: the endpoint stopped answering.
    public var endpointStoppedAnswering: Bool {
        unsent > 0 || sends.contains { $0.reports.contains { $0.finalStatus == nil || $0.stoppedByDeadline != nil } }
    }

    /// Batches whose recording request got a 2xx.
    public var acknowledged: [BatchKey] { sends.filter { $0.reports.first?.acknowledged == true }.map(\.key) }

    /// nil when nothing was found; otherwise one line per finding, for a test helper or the CLI to report.
    public var failureMessage: String? {
        findings.isEmpty ? nil : "delivery accounting found \(findings.count) problem(s):\n" + findings.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Sends batches to a target in order, reads every session back and runs delivery accounting.
///
/// A batch that gets no answer on any attempt ends the sending: an endpoint that
/// stopped answering is not asked again batch after batch. A read-back that
/// fails is reported as such, never taken for "nothing stored".
public enum IngestRun {
    /// Sends `batches` in order; `clientIPs` (parallel to `batches`, when given) go with each request as `X-Forwarded-For`.
    ///
    /// Each of `erasures` (which need `target.eraser`) is performed once its
    /// batches have been sent; what it removed is not expected back.
    public static func deliver(_ batches: [UploadBatch], to target: IngestTarget, leftovers: [BatchKey] = [], seed: UInt64 = 1,
                               clientIPs: [String]? = nil, erasures: [MidRunErasure] = []) async throws -> DeliveryOutcome {
        let transport = Transport(baseURL: target.baseURL, policy: target.retryPolicy, seed: seed, timeoutSeconds: target.requestTimeoutSeconds)
        var sends: [DeliveryOutcome.Send] = []
        var erased: [MidRunErasure.Outcome] = []
        let contexts = BatchContext.plan(batches)
        func erase(upTo sent: Int) async {
            guard let eraser = target.eraser else { return }
            for erasure in erasures.dropFirst(erased.count) where erasure.afterBatches <= sent {
                let (failure, seconds) = await erasure.perform(with: eraser, sentSoFar: batches.prefix(sent))
                let later = Set(batches.dropFirst(sent).map(BatchKey.init))
                let removed = failure != nil ? [] : batches.prefix(sent).filter { batch in
                    erasure.visitors.contains(batch.distinctId) && !later.contains(BatchKey(batch))
                }.map(BatchKey.init)
                erased.append(MidRunErasure.Outcome(erasure: erasure, failure: failure, seconds: seconds, erased: removed))
            }
        }
        for (position, (batch, context)) in zip(batches, contexts).enumerated() {
            await erase(upTo: position)
            var reports: [DeliveryReport] = []
            var requests = try target.adapter.requests(for: batch, context: context)
            // The simulated browser's address, as a proxy in front of the collector reports it; an adapter's own header wins.
            if let clientIPs, position < clientIPs.count {
                for index in requests.indices where requests[index].header("X-Forwarded-For") == nil {
                    requests[index].headers.append(HTTPHeader("X-Forwarded-For", clientIPs[position]))
                }
            }
            for (index, request) in requests.enumerated() {
                // The adapter's rule judges the recording request; the others (Sentry's error envelopes) any 2xx.
                reports.append(await transport.send(request, acknowledgement: index == 0 ? target.adapter.acknowledgement : .anySuccess))
            }
            sends.append(DeliveryOutcome.Send(key: BatchKey(batch), reports: reports))
            if reports.contains(where: { $0.finalStatus == nil || $0.stoppedByDeadline != nil }) { break }
        }
        if sends.count == batches.count { await erase(upTo: batches.count) }
        let unsent = batches.count - sends.count
        var sessions: [String] = []
        for batch in batches where !sessions.contains(batch.sessionId) { sessions.append(batch.sessionId) }
        var stored: [UploadBatch] = []
        do {
            for session in sessions {
                var origins: [String] = []
                for batch in batches where batch.sessionId == session && !origins.contains(batch.origin) { origins.append(batch.origin) }
                stored += try await target.readBack.batches(session: session, origins: origins)
            }
        } catch {
            return DeliveryOutcome(sent: batches, sends: sends, storedBack: [], findings: [], unsent: unsent, readBackFailure: "\(error)", erasures: erased)
        }
        // What an erasure should have removed is out of delivery's hands: whether it is gone is the erasure check's question.
        let removed = Set(erased.flatMap(\.erased))
        let acknowledged = sends.filter { $0.reports.first?.acknowledged == true && !removed.contains($0.key) }.map(\.key)
        let findings = DeliveryAccounting.compare(sent: batches.prefix(sends.count).filter { !removed.contains(BatchKey($0)) }, acknowledged: acknowledged,
                                                  storedBack: stored.filter { !removed.contains(BatchKey($0)) }, leftovers: leftovers.filter { !removed.contains($0) },
                                                  granularity: target.granularity)
        return DeliveryOutcome(sent: batches, sends: sends, storedBack: stored, findings: findings, unsent: unsent, erasures: erased)
    }
}
