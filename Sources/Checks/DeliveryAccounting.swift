import SessionModel

/// Compares what was sent and acknowledged with what was read back: lost, duplicated, reordered, split, merged.
///
/// ```swift
/// let findings = DeliveryAccounting.compare(sent: batches, acknowledged: acked, storedBack: readBack)
/// #expect(findings.isEmpty)
/// ```
public enum DeliveryAccounting {
    public static func compare(sent: [UploadBatch], acknowledged: [BatchKey], storedBack: [UploadBatch], leftovers: [BatchKey] = [],
                               granularity: StorageGranularity = .batches) -> [DeliveryFinding] {
        let findings: [DeliveryFinding]
        switch granularity {
        case .batches: findings = compareBatches(sent: sent, acknowledged: Set(acknowledged), stored: storedBack, leftovers: Set(leftovers))
        case .events: findings = compareEvents(sent: sent, stored: storedBack, leftovers: Set(leftovers))
        }
        return findings.enumerated().sorted { lhs, rhs in
            (lhs.element.kind, lhs.element.sessionId, lhs.offset) < (rhs.element.kind, rhs.element.sessionId, rhs.offset)
        }.map(\.element)
    }

    private struct Identity: Hashable, Comparable {
        var sessionId: String
        var windowId: String
        var sequence: Int
        var pageId: String

        init(_ batch: UploadBatch) {
            sessionId = batch.sessionId
            windowId = batch.windowId
            sequence = batch.sequence
            pageId = batch.pageId
        }

        /// The identity without the session, plus the events: how a batch stored under another session is recognised.
        var moved: String { "\(windowId)\u{0}\(sequence)\u{0}\(pageId)" }

        static func < (lhs: Identity, rhs: Identity) -> Bool {
            (lhs.sessionId, lhs.windowId, lhs.sequence, lhs.pageId) < (rhs.sessionId, rhs.windowId, rhs.sequence, rhs.pageId)
        }
    }

    private static func compareBatches(sent: [UploadBatch], acknowledged: Set<BatchKey>, stored: [UploadBatch], leftovers: Set<BatchKey>) -> [DeliveryFinding] {
        var findings: [DeliveryFinding] = []
        var sentByIdentity: [Identity: UploadBatch] = [:]
        var sentOrder: [Identity] = []
        var sentByContent: [String: [Identity]] = [:]
        for batch in sent {
            let identity = Identity(batch)
            if sentByIdentity[identity] == nil {
                sentOrder.append(identity)
                sentByContent[identity.moved + "\u{0}" + String(decoding: RecordingEncoder.encodeArray(batch.events), as: UTF8.self), default: []].append(identity)
            }
            sentByIdentity[identity] = batch
        }
        // Match every stored batch to the sent batch it is: same identity, or same window/sequence/page/events under another session.
        var copiesOf: [Identity: [UploadBatch]] = [:]
        var unexpected: [UploadBatch] = []
        for batch in stored {
            let identity = Identity(batch)
            if sentByIdentity[identity] != nil {
                copiesOf[identity, default: []].append(batch)
            } else if let original = sentByContent[identity.moved + "\u{0}" + String(decoding: RecordingEncoder.encodeArray(batch.events), as: UTF8.self)]?.first {
                copiesOf[original, default: []].append(batch)
            } else {
                unexpected.append(batch)
            }
        }
        for identity in sentOrder {
            let batch = sentByIdentity[identity]!
            let key = BatchKey(batch)
            let copies = copiesOf[identity] ?? []
            let acked = acknowledged.contains(key)
            if copies.isEmpty {
                if leftovers.contains(key) {
                    findings.append(DeliveryFinding(.leftoverNotRecovered, sessionId: batch.sessionId, "\(key) (\(batch.events.count) events) was kept for the next visit but never stored"))
                } else {
                    findings.append(DeliveryFinding(.lost, sessionId: batch.sessionId, "\(key) (\(batch.events.count) events, \(acked ? "acknowledged" : "never acknowledged")) was not stored"))
                }
                continue
            }
            if copies.count > 1 {
                findings.append(DeliveryFinding(.duplicated, sessionId: batch.sessionId, "\(key) was stored \(copies.count) times"))
            }
            if !acked {
                findings.append(DeliveryFinding(.storedWithoutAcknowledgement, sessionId: batch.sessionId, "\(key) was stored although no attempt got a 2xx"))
            }
        }
        for batch in unexpected {
            findings.append(DeliveryFinding(.unexpected, sessionId: batch.sessionId, "\(BatchKey(batch)) was stored but never sent"))
        }
        // Sessions: each sent session must map to exactly one stored session and back.
        var storedSessionsOfSent: [String: Set<String>] = [:]
        var sentSessionsOfStored: [String: Set<String>] = [:]
        for (identity, copies) in copiesOf {
            for copy in copies {
                storedSessionsOfSent[identity.sessionId, default: []].insert(copy.sessionId)
                sentSessionsOfStored[copy.sessionId, default: []].insert(identity.sessionId)
            }
        }
        for session in storedSessionsOfSent.keys.sorted() where storedSessionsOfSent[session]!.count > 1 {
            findings.append(DeliveryFinding(.sessionSplit, sessionId: session, "session \(session) was stored as \(storedSessionsOfSent[session]!.sorted().joined(separator: ", "))"))
        }
        for session in sentSessionsOfStored.keys.sorted() where sentSessionsOfStored[session]!.count > 1 {
            findings.append(DeliveryFinding(.sessionsMerged, sessionId: session, "sessions \(sentSessionsOfStored[session]!.sorted().joined(separator: ", ")) were stored as one session \(session)"))
        }
        // Order: within each stored session and window, sequences must not go down.
        var last: [String: Int] = [:]
        var reported: Set<String> = []
        for batch in stored {
            let stream = batch.sessionId + "\u{0}" + batch.windowId
            if let previous = last[stream], batch.sequence < previous, !reported.contains(stream) {
                reported.insert(stream)
                findings.append(DeliveryFinding(.reordered, sessionId: batch.sessionId, "session \(batch.sessionId) window \(batch.windowId): sequence \(batch.sequence) was read back after \(previous)"))
            }
            last[stream] = max(last[stream] ?? batch.sequence, batch.sequence)
        }
        return findings
    }

    private static func compareEvents(sent: [UploadBatch], stored: [UploadBatch], leftovers: Set<BatchKey>) -> [DeliveryFinding] {
        var findings: [DeliveryFinding] = []
        // Sent batches are deduplicated by identity first: a retry is one send as far as the truth goes.
        var seen: Set<BatchKey> = []
        var expected: [String: [[UInt8]: Int]] = [:]
        var sessions: [String] = []
        var leftoverEvents: [String: Set<[UInt8]>] = [:]
        for batch in sent where seen.insert(BatchKey(batch)).inserted {
            if expected[batch.sessionId] == nil { sessions.append(batch.sessionId) }
            for event in batch.events {
                expected[batch.sessionId, default: [:]][event.canonicalBytes, default: 0] += 1
                if leftovers.contains(BatchKey(batch)) { leftoverEvents[batch.sessionId, default: []].insert(event.canonicalBytes) }
            }
        }
        var actual: [String: [[UInt8]: Int]] = [:]
        for batch in stored {
            for event in batch.events { actual[batch.sessionId, default: [:]][event.canonicalBytes, default: 0] += 1 }
            var lastTimestamp = Int64.min
            for event in batch.events {
                if let timestamp = event.timestamp {
                    if timestamp < lastTimestamp {
                        findings.append(DeliveryFinding(.reordered, sessionId: batch.sessionId, "session \(batch.sessionId) page \(batch.pageId): an event at \(timestamp) was read back after one at \(lastTimestamp)"))
                        break
                    }
                    lastTimestamp = timestamp
                }
            }
        }
        for session in sessions {
            let want = expected[session] ?? [:]
            let have = actual[session] ?? [:]
            var lost = 0, lostLeftover = 0, doubled = 0
            var lostExamples: [[UInt8]] = []
            for (event, count) in want {
                let stored = have[event] ?? 0
                if stored < count {
                    if leftoverEvents[session]?.contains(event) == true { lostLeftover += count - stored } else { lost += count - stored }
                    lostExamples.append(event)
                }
                if stored > count { doubled += stored - count }
            }
            if lost > 0 { findings.append(DeliveryFinding(.lost, sessionId: session, "session \(session): \(lost) events were not stored, e.g. \(example(lostExamples))")) }
            if lostLeftover > 0 { findings.append(DeliveryFinding(.leftoverNotRecovered, sessionId: session, "session \(session): \(lostLeftover) leftover events were not stored")) }
            if doubled > 0 { findings.append(DeliveryFinding(.duplicated, sessionId: session, "session \(session): \(doubled) events were stored more than once")) }
            let strangers = have.filter { want[$0.key] == nil }
            let unexpected = strangers.values.reduce(0, +)
            if unexpected > 0 { findings.append(DeliveryFinding(.unexpected, sessionId: session, "session \(session): \(unexpected) stored events were never sent, e.g. \(example(Array(strangers.keys)))")) }
        }
        return findings
    }

    /// The first of some events (in byte order, so reports are stable), shortened for a message.
    private static func example(_ events: [[UInt8]]) -> String {
        guard let first = events.min(by: { $0.lexicographicallyPrecedes($1) }) else { return "-" }
        let text = String(decoding: first, as: UTF8.self)
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
