import SessionModel

/// One thing delivery accounting found wrong, with the batch or session it is about.
public struct DeliveryFinding: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        /// Sent but not stored.
        case lost
        /// Stored more than once.
        case duplicated
        /// Read back out of sequence order.
        case reordered
        /// A batch kept from an interrupted visit and resent later was not stored.
        case leftoverNotRecovered = "leftover-not-recovered"
        /// One sent session's batches were stored under several sessions.
        case sessionSplit = "session-split"
        /// Several sent sessions were stored as one.
        case sessionsMerged = "sessions-merged"
        /// Stored, but the endpoint never acknowledged it (the SDK believes it failed).
        case storedWithoutAcknowledgement = "stored-without-ack"
        /// Stored, but never sent.
        case unexpected

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var kind: Kind
    public var sessionId: String
    public var detail: String

    public init(_ kind: Kind, sessionId: String, _ detail: String) {
        self.kind = kind
        self.sessionId = sessionId
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}

extension DeliveryFinding {
    /// The finding as JSON for reports: `{"kind","session","detail"}`.
    public var jsonValue: JSONValue {
        ["kind": .string(kind.rawValue), "session": .string(sessionId), "detail": .string(detail)]
    }
}
