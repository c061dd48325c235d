import Ingest
import ScenarioLanguage
import SessionModel
import Simulation

/// Which of a simulation's uploads reach the endpoint, in what order, and which must be recovered.
///
/// The simulator says what the SDK attempted. A batch lost at unload whose
/// request had already started (`during-upload`) is sent, since it may have
/// reached the server before the tab closed; one lost before any attempt is
/// not. Batches kept in localStorage are sent again on the next visit under
/// their original session and sequence, so the endpoint must store each
/// exactly once. A batch the SDK gave up on (retries spent during a scripted
/// collector outage) or had rejected (a 4xx) was dropped by the SDK's own rules:
/// it never reaches an endpoint, so it is not sent and not expected back.
public struct UploadPlan: Sendable {
    /// The batches to send, in the order the SDK sent them.
    public var batches: [UploadBatch]
    /// Who sent each batch and when, parallel to `batches`.
    public var senders: [Sender]
    /// The address each batch is sent from (its person's client IP, sent as `X-Forwarded-For`), parallel to `batches`.
    public var clientIPs: [String] { senders.map(\.clientIP) }

    /// The person behind one batch, their address and the moment the SDK sent it.
    public struct Sender: Sendable, Equatable {
        public var person: String
        public var clientIP: String
        /// The virtual clock (epoch ms) of the send.
        public var sendAt: Int64
    }
    /// Batches lost at an unload that a later visit must deliver.
    public var leftovers: [BatchKey]
    /// Batches the SDK dropped by its own rules (gave up after its retries, or a 4xx), in sending order.
    public var droppedBySDK: [BatchKey]

    /// Why `sent` events differ from the recorded ones `generate` counts: batches cut at an unload are sent
    /// again on the next visit, and batches the SDK dropped are not sent. Nil when the counts agree.
    public static func eventsNote(_ simulation: Simulation, sent: Int) -> String? {
        let recorded = simulation.sessions.reduce(0) { $0 + $1.events.count }
        guard sent != recorded else { return nil }
        let resent = simulation.uploads.filter { $0.outcome == .lostAtUnload && !$0.attempts.isEmpty && $0.recoveredBy != nil }.reduce(0) { $0 + $1.batch.events.count }
        let dropped = simulation.uploads.filter { $0.outcome == .gaveUp || $0.outcome == .rejected }.reduce(0) { $0 + $1.batch.events.count }
        var reasons = ["\(recorded) recorded"]
        if resent > 0 { reasons.append("\(resent) sent again after an unload cut their upload") }
        if dropped > 0 { reasons.append("\(dropped) dropped by the SDK") }
        return reasons.joined(separator: "; ")
    }

    /// The `erase` steps as the delivery performs them: each after the batches the SDK sent up to its moment, erasing the visitor ids those carry for the person.
    public func erasures(_ simulation: Simulation) -> [MidRunErasure] {
        simulation.erasures.map { request in
            let sent = senders.prefix { $0.sendAt <= request.at }.count
            var visitors: [String] = []
            for (batch, sender) in zip(batches.prefix(sent), senders) where sender.person == request.person {
                if !visitors.contains(batch.distinctId) { visitors.append(batch.distinctId) }
            }
            return MidRunErasure(person: request.person, step: request.location.description, afterBatches: sent, visitors: visitors)
        }
    }

    public init(_ simulation: Simulation) {
        let ordered = simulation.uploads.enumerated().sorted { ($0.element.sendAt, $0.offset) < ($1.element.sendAt, $1.offset) }
        var batches: [UploadBatch] = []
        var senders: [Sender] = []
        var leftovers: [BatchKey] = []
        var dropped: [BatchKey] = []
        for (_, upload) in ordered {
            let sender = Sender(person: upload.person, clientIP: simulation.clientIPs[upload.person] ?? Person.defaultPerson.ip, sendAt: upload.sendAt)
            switch upload.outcome {
            case .lostAtUnload:
                if upload.recoveredBy != nil { leftovers.append(BatchKey(upload.batch)) }
                if !upload.attempts.isEmpty { batches.append(upload.batch); senders.append(sender) }
            case .acknowledged:
                batches.append(upload.batch)
                senders.append(sender)
            case .rejected, .gaveUp:
                dropped.append(BatchKey(upload.batch))
            }
        }
        self.batches = batches
        self.senders = senders
        self.leftovers = leftovers
        droppedBySDK = dropped
    }
}
