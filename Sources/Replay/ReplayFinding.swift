/// Something in a recording that the replayer had to skip or guess, with the event it came from.
///
/// Findings are values, not errors: reconstruction always goes on. rrweb's own
/// replayer logs the same situations as warnings.
///
/// ```swift
/// let session = ReplaySession(bytes: bytes)
/// for finding in session.reconstruct().findings { print(finding) } // event 41: mutation removes unknown node 17
/// ```
public struct ReplayFinding: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; kinds let tests tell expected findings from unexpected ones.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The recording gives the replayer no page: it holds no events, or no FullSnapshot.
        public static let nothingToReplay = Kind(rawValue: "nothing-to-replay")
        /// The recording could not be decoded (truncated file, broken event).
        public static let undecodable = Kind(rawValue: "undecodable")
        /// An incremental event came before any FullSnapshot.
        public static let beforeSnapshot = Kind(rawValue: "before-snapshot")
        /// A mutation names a node id the replayer does not know.
        public static let unknownNode = Kind(rawValue: "unknown-node")
        /// An add whose parent or `nextId` never appeared; the node was dropped.
        public static let unresolvedAdd = Kind(rawValue: "unresolved-add")
        /// A remove whose target was not a child of the named parent.
        public static let removeFailed = Kind(rawValue: "remove-failed")
        /// A legacy node parked because of `nextId:-1`/`previousId:-1` that was never placed.
        public static let orphanedLegacyNode = Kind(rawValue: "orphaned-legacy-node")
        /// An iframe document that waited for an iframe that never came.
        public static let unattachedDocument = Kind(rawValue: "unattached-document")
        /// A timestamp far before the previous event's, or more than a day after it.
        public static let implausibleTimestamp = Kind(rawValue: "implausible-timestamp")
        /// An event whose data lacks a member the replayer needs or has one of the wrong kind.
        public static let malformedEvent = Kind(rawValue: "malformed-event")
        /// A style-sheet event names a sheet that does not exist (an unknown `styleId`, a node with no sheet).
        public static let unknownStyleSheet = Kind(rawValue: "unknown-style-sheet")
        /// An event type, incremental source or sub-type that is not replayed (unknown to rrweb, or not applied here).
        public static let unknownKind = Kind(rawValue: "unknown-kind")
        /// A CSSOM call the browser would refuse (an index out of range, text that is not one rule).
        public static let styleSheetFailed = Kind(rawValue: "style-sheet-failed")

        public var description: String { rawValue }
    }

    /// The index of the event in the recording as given (array order), when the finding belongs to one.
    public var eventIndex: Int?
    public var kind: Kind
    public var message: String

    public init(eventIndex: Int?, kind: Kind, message: String) {
        self.eventIndex = eventIndex
        self.kind = kind
        self.message = message
    }

    public var description: String {
        if let eventIndex { return "event \(eventIndex): \(message)" }
        return message
    }
}
