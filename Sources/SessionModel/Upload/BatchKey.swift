/// A batch's identity on the wire: (session, window, sequence).
public struct BatchKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var sessionId: String
    public var windowId: String
    public var sequence: Int

    public init(sessionId: String, windowId: String, sequence: Int) {
        self.sessionId = sessionId
        self.windowId = windowId
        self.sequence = sequence
    }

    public init(_ batch: UploadBatch) {
        self.init(sessionId: batch.sessionId, windowId: batch.windowId, sequence: batch.sequence)
    }

    public static func < (lhs: BatchKey, rhs: BatchKey) -> Bool {
        (lhs.sessionId, lhs.windowId, lhs.sequence) < (rhs.sessionId, rhs.windowId, rhs.sequence)
    }

    public var description: String { "session \(sessionId) window \(windowId) sequence \(sequence)" }
}
