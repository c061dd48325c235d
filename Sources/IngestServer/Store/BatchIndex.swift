import SessionModel

/// The batch store's memory: where each batch's record is in the log, and what dedup, read-back, erasure and the
/// quotas need to know of it, without the batch itself.
///
/// Each batch costs a fixed-size `BatchLocation` and a dedup key; ids are held once each (interned), so memory
/// grows by tens of bytes a batch however large its events are. The events stay on disk and are read back with
/// `pread` when asked for.
struct BatchIndex {
    /// One stored batch: its record's place in the log and its ids, as numbers in the index's string table.
    struct BatchLocation {
        /// Where the record (`{"batch":…,"op":"put"}` and its newline) starts in the log.
        var offset: Int64
        /// The record's length, newline included.
        var length: UInt32
        var eventCount: UInt32
        var sequence: Int
        var session: UInt32
        var window: UInt32
        var page: UInt32
        var distinct: UInt32
        /// `BatchIndex.none` when the batch has no user id.
        var user: UInt32
    }

    /// What makes two batches the same batch: (session, window, sequence).
    private struct BatchKey: Hashable {
        var session: UInt32
        var window: UInt32
        var sequence: Int
    }

    /// One session's batches (indices into `locations`, in storage order) and the log bytes they hold.
    private struct SessionBatches {
        var batches: [UInt32] = []
        var bytes = 0
    }

    /// The string number of an absent user id.
    static let none = UInt32.max

    /// Every stored batch, in storage order.
    private(set) var locations: [BatchLocation] = []
    /// Log bytes held by all batches, for the total quota.
    private(set) var totalBytes = 0
    private var strings: [String] = []
    private var stringNumbers: [String: UInt32] = [:]
    /// The first batch stored under each key (a forced duplicate does not replace it).
    private var firstByKey: [BatchKey: UInt32] = [:]
    private var sessions: [UInt32: SessionBatches] = [:]

    /// Records that the batch whose record is `length` bytes at `offset` is stored.
    mutating func add(_ batch: UploadBatch, offset: Int64, length: Int) {
        add(BatchLocation(
            offset: offset, length: UInt32(length), eventCount: UInt32(clamping: batch.events.count), sequence: batch.sequence,
            session: intern(batch.sessionId), window: intern(batch.windowId), page: intern(batch.pageId),
            distinct: intern(batch.distinctId), user: batch.userId.map { intern($0) } ?? Self.none))
    }

    private mutating func add(_ location: BatchLocation) {
        let number = UInt32(locations.count)
        locations.append(location)
        let key = BatchKey(session: location.session, window: location.window, sequence: location.sequence)
        if firstByKey[key] == nil { firstByKey[key] = number }
        sessions[location.session, default: SessionBatches()].batches.append(number)
        sessions[location.session]!.bytes += Int(location.length)
        totalBytes += Int(location.length)
    }

    private mutating func intern(_ string: String) -> UInt32 {
        if let number = stringNumbers[string] { return number }
        let number = UInt32(strings.count)
        strings.append(string)
        stringNumbers[string] = number
        return number
    }

    /// The string a location's id number stands for.
    func string(_ number: UInt32) -> String { strings[Int(number)] }

    /// The batch first stored with `batch`'s (session, window, sequence), if any.
    func firstStored(like batch: UploadBatch) -> BatchLocation? {
        guard let session = stringNumbers[batch.sessionId], let window = stringNumbers[batch.windowId],
              let number = firstByKey[BatchKey(session: session, window: window, sequence: batch.sequence)] else { return nil }
        return locations[Int(number)]
    }

    /// Log bytes held by the session's batches, for its quota.
    func bytes(ofSession id: String) -> Int {
        stringNumbers[id].flatMap { sessions[$0]?.bytes } ?? 0
    }

    /// The session's batches, in storage order.
    func locations(ofSession id: String) -> [BatchLocation] {
        guard let number = stringNumbers[id], let session = sessions[number] else { return [] }
        return session.batches.map { locations[Int($0)] }
    }

    /// Every session with its batch and event counts, sorted by id.
    func sessionSummaries() -> [(id: String, batches: Int, events: Int)] {
        sessions.map { number, session in
            (strings[Int(number)], session.batches.count, session.batches.reduce(0) { $0 + Int(locations[Int($1)].eventCount) })
        }.sorted { $0.id < $1.id }
    }

    /// The sessions holding a batch whose distinct id or user id is `visitor`, sorted.
    func sessions(ofVisitor visitor: String) -> [String] {
        guard let number = stringNumbers[visitor] else { return [] }
        let ids = Set(locations.filter { $0.distinct == number || $0.user == number }.map { strings[Int($0.session)] })
        return ids.sorted()
    }

    /// This index without the visitor's batches, and the kept batches' old locations, in storage order.
    ///
    /// With `compacted`, the kept records are placed one after another from offset 0, as the rewritten log holds
    /// them; without, they keep their offsets (an erasure replayed from a log that still holds the erased records).
    func erasing(_ visitor: String, compacted: Bool) -> (index: BatchIndex, kept: [BatchLocation]) {
        let number = stringNumbers[visitor]
        let kept = locations.filter { number == nil || ($0.distinct != number && $0.user != number) }
        var index = BatchIndex()
        var offset: Int64 = 0
        for old in kept {
            var location = old
            location.session = index.intern(string(old.session))
            location.window = index.intern(string(old.window))
            location.page = index.intern(string(old.page))
            location.distinct = index.intern(string(old.distinct))
            location.user = old.user == Self.none ? Self.none : index.intern(string(old.user))
            if compacted {
                location.offset = offset
                offset += Int64(old.length)
            }
            index.add(location)
        }
        return (index, kept)
    }
}
