import SessionModel

/// Checks that after an erasure request nothing of the person can be read back.
public enum ErasureCheck {
    /// The sessions (of `sessions`) that still hold data after erasure, with how many batches each.
    ///
    /// `readBack` fetches what the endpoint still stores for a session.
    public static func leftovers(sessions: [String], readBack: (String) async throws -> [UploadBatch]) async throws -> [String] {
        var remaining: [String] = []
        for session in sessions.sorted() {
            let batches = try await readBack(session)
            if !batches.isEmpty { remaining.append("session \(session) still holds \(quantity(batches.count, "batch", plural: "batches")) after erasure") }
        }
        return remaining
    }
}
