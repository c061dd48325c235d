
/// What an endpoint stored for one session, split into its windows (tabs) in sequence order.
public struct StoredSession: Sendable {
    /// One tab's stored events, in batch sequence order.
    public struct Window: Sendable {
        public var windowId: String
        public var events: [Event]
    }

    public var sessionId: String
    public var windows: [Window]

    /// Groups read-back batches by session, keeping the sessions in `order` and windows in order of first appearance.
    public static func group(_ batches: [UploadBatch], order: [String]) -> [StoredSession] {
        var sessions: [StoredSession] = []
        var known = order
        for batch in batches where !known.contains(batch.sessionId) { known.append(batch.sessionId) }
        for sessionId in known {
            let mine = batches.enumerated().filter { $0.element.sessionId == sessionId }
                .sorted { ($0.element.sequence, $0.offset) < ($1.element.sequence, $1.offset) }.map(\.element)
            guard !mine.isEmpty else { continue }
            var windowOrder: [String] = []
            for batch in mine where !windowOrder.contains(batch.windowId) { windowOrder.append(batch.windowId) }
            let windows = windowOrder.map { windowId in
                Window(windowId: windowId, events: mine.filter { $0.windowId == windowId }.flatMap(\.events))
            }
            sessions.append(StoredSession(sessionId: sessionId, windows: windows))
        }
        return sessions
    }
}
