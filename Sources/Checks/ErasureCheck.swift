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

extension ErasureCheck {
    /// After an `erase` step: nothing sent before it may still be stored, while what was sent after it may.
    ///
    /// `erased` are the batches sent before the erasure (and not sent again
    /// after it); none may be read back. `values` are what only those batches
    /// held (canaries planted before the step and not after, their session and
    /// visitor ids): none may appear anywhere in `stored`, in any encoding.
    public static func erasedBefore(_ person: String, step: String, erased: [BatchKey], values: [CanaryScan.Canary], stored: [UploadBatch]) -> [PrivacyChecks.Finding] {
        var findings: [PrivacyChecks.Finding] = []
        func fail(_ message: String) { findings.append(PrivacyChecks.Finding(kind: .erasure, message: "expect erased \(person): \(message)")) }
        let gone = Set(erased)
        let left = stored.filter { gone.contains(BatchKey($0)) }
        if !left.isEmpty {
            let keys = left.prefix(3).map { "\(BatchKey($0))" }.joined(separator: ", ") + (left.count > 3 ? ", ..." : "")
            fail("\(quantity(left.count, "batch", plural: "batches")) sent before the erasure at \(step) \(left.count == 1 ? "is" : "are") still stored (\(keys))")
        }
        if !values.isEmpty, !stored.isEmpty {
            for leak in CanaryScan(canaries: values).scan(stored) { fail("\(leak), from before the erasure at \(step), is still stored") }
        }
        return findings
    }

    /// Erases one person's visitors, then shows that nothing of theirs can be read back.
    ///
    /// Their sessions must hold nothing, and what is still stored for everyone
    /// else must hold none of their values (planted canaries, session, visitor
    /// and user ids), in any encoding `CanaryScan` knows. A read-back that fails
    /// or answers something malformed is a finding, never "nothing stored".
    public static func personErased(_ person: String, visitors: [String], theirSessions: [String], otherSessions: [String], values: [CanaryScan.Canary],
                                    erase: (String) async throws -> String?, readBack: (String) async throws -> [UploadBatch]) async -> [PrivacyChecks.Finding] {
        var findings: [PrivacyChecks.Finding] = []
        func fail(_ message: String) { findings.append(PrivacyChecks.Finding(kind: .erasure, message: "expect erased \(person): \(message)")) }
        do {
            for visitor in visitors {
                if let refusal = try await erase(visitor) { fail(refusal) }
            }
            var theirLeftovers: [UploadBatch] = []
            for session in theirSessions.sorted() {
                let left = try await readBack(session)
                if !left.isEmpty { fail("session \(session) still holds \(quantity(left.count, "batch", plural: "batches")) after erasure") }
                theirLeftovers += left
            }
            // Name the planted values (an IP the server kept, a card) among what was left, not only that something was.
            let planted = values.filter { $0.kind != "identifier" }
            if !theirLeftovers.isEmpty, !planted.isEmpty {
                for leak in CanaryScan(canaries: planted).scan(theirLeftovers) { fail("\(leak) (still stored after erasure)") }
            }
            var others: [UploadBatch] = []
            for session in otherSessions.sorted() { others += try await readBack(session) }
            for leak in CanaryScan(canaries: values).scan(others) { fail("\(leak) (still stored with someone else's data)") }
        } catch {
            fail("erasure could not be checked: \(error)")
        }
        return findings
    }
}
