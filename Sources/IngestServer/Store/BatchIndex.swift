import SessionModel

/// The batch store's memory: what dedup, read-back, erasure and the quotas need to know of the stored batches,
/// in memory that does not grow with their number.
///
/// Each batch's place in the log is a fixed-size record in a `BatchLocationFile`, an unnamed file beside it. Memory holds only
/// what grows with sessions and ids: the ids (interned), each distinct (session, window, page, distinct, user)
/// once, and per (session, window) stream its last record and its stored sequences as runs (`SequenceRuns`:
/// one run for a stream sent in order). Records of a stream are chained from its last one, so a session is read
/// back by walking its streams' chains, and a duplicate is found near the chain's end, where retries land.
struct BatchIndex {
    /// A batch's ids, as numbers in the index's string table.
    struct Identity: Hashable {
        var session: UInt32
        var window: UInt32
        var page: UInt32
        var distinct: UInt32
        /// `BatchIndex.noUser` when the batch has no user id.
        var user: UInt32
    }

    /// The batches of one (session, window): what makes two batches the same batch is this and a sequence.
    private struct StreamKey: Hashable {
        var session: UInt32
        var window: UInt32
    }

    /// A stream's last stored record and the sequences it holds.
    private struct Stream {
        var last: UInt32
        var sequences = SequenceRuns()
    }

    /// What a session holds, for its summary, its quota and visitor look-ups.
    private struct SessionTotals {
        var streams: [StreamKey] = []
        var batches = 0
        var events = 0
        var bytes = 0
        /// The string numbers of every distinct id and user id its batches carry.
        var visitors: Set<UInt32> = []
    }

    /// The string number of an absent user id.
    static let noUser = UInt32.max

    private let file: BatchLocationFile
    /// Log bytes held by all batches, for the total quota.
    private(set) var totalBytes = 0
    private var strings = InternTable<String>()
    private var identities = InternTable<Identity>()
    private var streams: [StreamKey: Stream] = [:]
    private var sessions: [UInt32: SessionTotals] = [:]

    /// An empty index whose location file is created at `locationPath`.
    init(locationPath: String) throws {
        file = try BatchLocationFile(path: locationPath)
    }

    /// How many batches are stored.
    var count: Int { Int(file.count) }

    /// Records that the batch whose record is `length` bytes at `offset` is stored.
    mutating func add(_ batch: UploadBatch, offset: Int64, length: Int) throws {
        let session = intern(batch.sessionId)
        let identity = Identity(
            session: session, window: intern(batch.windowId), page: intern(batch.pageId),
            distinct: intern(batch.distinctId), user: batch.userId.map { intern($0) } ?? Self.noUser)
        try add(identity, offset: offset, length: UInt32(length), eventCount: UInt32(clamping: batch.events.count), sequence: Int64(batch.sequence))
    }

    private mutating func add(_ identity: Identity, offset: Int64, length: UInt32, eventCount: UInt32, sequence: Int64) throws {
        let key = StreamKey(session: identity.session, window: identity.window)
        let stream = streams[key]
        let number = try file.append(BatchLocation(
            offset: offset, length: length, eventCount: eventCount, sequence: sequence, identity: identities.intern(identity),
            previousInStream: stream?.last ?? BatchLocation.none, isCopy: stream?.sequences.contains(sequence) ?? false))
        var next = stream ?? Stream(last: number)
        next.last = number
        next.sequences.insert(sequence)
        streams[key] = next
        var totals = sessions[identity.session] ?? SessionTotals()
        if stream == nil { totals.streams.append(key) }
        totals.batches += 1
        totals.events += Int(eventCount)
        totals.bytes += Int(length)
        totals.visitors.insert(identity.distinct)
        if identity.user != Self.noUser { totals.visitors.insert(identity.user) }
        sessions[identity.session] = totals
        totalBytes += Int(length)
    }

    private mutating func intern(_ string: String) -> UInt32 { strings.intern(string) }

    /// The ids of a stored batch.
    func identity(of location: BatchLocation) -> Identity { identities[location.identity] }

    /// The string an id number stands for.
    func string(_ number: UInt32) -> String { strings[number] }

    /// The batch first stored with `batch`'s (session, window, sequence), if any.
    func firstStored(like batch: UploadBatch) throws -> BatchLocation? {
        guard let session = strings.number(of: batch.sessionId), let window = strings.number(of: batch.windowId),
              let stream = streams[StreamKey(session: session, window: window)],
              stream.sequences.contains(Int64(batch.sequence)) else { return nil }
        var number = stream.last
        while number != BatchLocation.none {
            let location = try file.location(number)
            if location.sequence == Int64(batch.sequence) && !location.isCopy { return location }
            number = location.previousInStream
        }
        throw StoreError("\(file.path): sequence \(batch.sequence) of session \(batch.sessionId) is indexed but not in its chain")
    }

    /// Log bytes held by the session's batches, for its quota.
    func bytes(ofSession id: String) -> Int {
        strings.number(of: id).flatMap { sessions[$0]?.bytes } ?? 0
    }

    /// Every stored batch, in storage order.
    func allLocations() throws -> [BatchLocation] {
        var locations: [BatchLocation] = []
        try file.forEach { locations.append($0) }
        return locations
    }

    /// The session's batches, in storage order.
    func locations(ofSession id: String) throws -> [BatchLocation] {
        guard let number = strings.number(of: id), let session = sessions[number] else { return [] }
        var locations: [BatchLocation] = []
        for key in session.streams {
            var record = streams[key]?.last ?? BatchLocation.none
            while record != BatchLocation.none {
                let location = try file.location(record)
                locations.append(location)
                record = location.previousInStream
            }
        }
        // The log is only appended to, so storage order is offset order.
        return locations.sorted { $0.offset < $1.offset }
    }

    /// Every session with its batch and event counts, sorted by id.
    func sessionSummaries() -> [(id: String, batches: Int, events: Int)] {
        sessions.map { number, session in (strings[number], session.batches, session.events) }.sorted { $0.id < $1.id }
    }

    /// The sessions holding a batch whose distinct id or user id is `visitor`, sorted.
    func sessions(ofVisitor visitor: String) -> [String] {
        guard let number = strings.number(of: visitor) else { return [] }
        return sessions.filter { $0.value.visitors.contains(number) }.map { strings[$0.key] }.sorted()
    }

    /// A new index, its location file at `locationPath`, of every batch not of `visitor`.
    ///
    /// Each kept batch's old location is handed to `keep` in storage order, which answers the offset the record
    /// has from now on: the next free one in a compacted log, or its old one when the log keeps the erased
    /// records (an erasure replayed from an older log).
    func erasing(_ visitor: String, locationPath: String, keep: (BatchLocation) throws -> Int64) throws -> BatchIndex {
        let number = strings.number(of: visitor)
        var index = try BatchIndex(locationPath: locationPath)
        try file.forEach { old in
            let ids = identity(of: old)
            guard number == nil || (ids.distinct != number && ids.user != number) else { return }
            let kept = Identity(
                session: index.intern(string(ids.session)), window: index.intern(string(ids.window)),
                page: index.intern(string(ids.page)), distinct: index.intern(string(ids.distinct)),
                user: ids.user == Self.noUser ? Self.noUser : index.intern(string(ids.user)))
            try index.add(kept, offset: try keep(old), length: old.length, eventCount: old.eventCount, sequence: old.sequence)
        }
        return index
    }
}
