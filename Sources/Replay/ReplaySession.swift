import SessionModel

/// A recording ready to replay: its events in replay order, with seeking and playing.
///
/// Events are stable-sorted by timestamp (equal timestamps keep array order);
/// an event without a timestamp takes the previous event's, so recordings with
/// no timestamps at all replay in array order. Times given to `seek(to:)` and
/// `Player.advance(to:)` are offsets in milliseconds from the first event, and
/// an event is applied when `timestamp < t0 + offset` (rrweb's rule).
///
/// ```swift
/// let session = ReplaySession(bytes: try Array(Data(contentsOf: url)))
/// let dom = session.seek(to: 1_500)
/// print(dom.html())
/// ```
public struct ReplaySession: Sendable {
    /// The events in recording (array) order.
    public let events: [Event]
    /// Problems found while decoding (a truncated file, a broken event, an implausible timestamp), by event number.
    public let decodeFindings: [ReplayFinding]
    /// Event indices in replay order.
    public let order: [Int]
    /// The replay time of each event (by array index): its timestamp, or the previous event's.
    public let times: [Int64]
    /// The first event's time, t0.
    public let startTime: Int64
    /// Each event's number in the file (by array index): the count of events before it, undecodable ones included.
    ///
    /// Findings, timeline entries and `inspect` all use these numbers, so event
    /// 12 is the same event everywhere even when an earlier one could not be decoded.
    public let eventNumbers: [Int]

    /// A session of decoded `events`; `eventNumbers` gives each one's number in the file (by default its index).
    public init(events: [Event], decodeFindings: [ReplayFinding] = [], eventNumbers: [Int]? = nil) {
        self.events = events
        let eventNumbers = eventNumbers ?? Array(events.indices)
        self.eventNumbers = eventNumbers
        var findings = decodeFindings
        var check = TimestampCheck()
        var hasFullSnapshot = false
        // Events are read by index, in place: a loop over the array's elements would copy each one, retaining every field.
        for index in events.indices {
            if let timestamp = events[index].timestamp, let message = check.next(timestamp) {
                findings.append(ReplayFinding(eventIndex: eventNumbers[index], kind: .implausibleTimestamp, message: message))
            }
            if events[index].type == .fullSnapshot { hasFullSnapshot = true }
        }
        // Replaying nothing is not a pass: an empty file or one without a snapshot has no page to compare.
        if events.isEmpty, decodeFindings.isEmpty {
            findings.append(ReplayFinding(eventIndex: nil, kind: .nothingToReplay, message: "the recording holds no events"))
        } else if !hasFullSnapshot {
            findings.append(ReplayFinding(eventIndex: nil, kind: .nothingToReplay, message: "the recording has no FullSnapshot, so there is no page to reconstruct"))
        }
        // A finding about the whole recording comes after those about its events.
        self.decodeFindings = findings.sorted { ($0.eventIndex ?? .max) < ($1.eventIndex ?? .max) }
        var times: [Int64] = []
        times.reserveCapacity(events.count)
        var last: Int64 = events.first(where: { $0.timestamp != nil })?.timestamp ?? 0
        for index in events.indices {
            if let timestamp = events[index].timestamp { last = timestamp }
            times.append(last)
        }
        self.times = times
        var order = Array(events.indices)
        // A merge sort by time keeps equal times in array order; the standard sort is not guaranteed stable.
        order = Self.stableSorted(order) { times[$0] < times[$1] }
        self.order = order
        startTime = order.first.map { times[$0] } ?? 0
    }

    /// Decodes a recording (a JSON array, NDJSON, or lines that each hold an array of events); events that cannot be decoded become findings and are left out.
    public init(bytes: [UInt8]) {
        let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        var events: [Event] = []
        var findings: [ReplayFinding] = []
        // Fast path: a well-formed JSON array is parsed in one pass; anything else goes through the streaming decoder.
        if let decoded = RecordingDecoder.decodeArray(bytes) {
            let failures = decoded.failures.map { ReplayFinding(eventIndex: $0.index, kind: .undecodable, message: $0.error.description) }
            self.init(events: decoded.events, decodeFindings: failures, eventNumbers: decoded.indices)
            return
        }
        // Batch logs: one JSON array of events per line.
        if var values = try? JSONReader.parseSequence(bytes), values.count > 1 {
            var index = 0
            var numbers: [Int] = []
            defer {
                // Taken out one by one, so each is the last reference and a deep one is released without recursion.
                while let value = values.popLast() { JSONValue.release(consume value, depth: .max) }
            }
            for value in values {
                for element in value.arrayValue ?? [value] {
                    do throws(RecordingError) {
                        events.append(try Event(json: element))
                        numbers.append(index)
                    } catch {
                        findings.append(ReplayFinding(eventIndex: index, kind: .undecodable, message: error.description))
                    }
                    index += 1
                }
            }
            self.init(events: events, decodeFindings: findings, eventNumbers: numbers)
            return
        }
        var decoder = RecordingDecoder()
        var numbers: [Int] = []
        for item in decoder.feed(bytes) + decoder.finish() {
            switch item.result {
            case .success(let event):
                events.append(event)
                numbers.append(item.index)
            case .failure(let error):
                var located = error
                located.eventIndex = nil
                findings.append(ReplayFinding(eventIndex: item.index, kind: .undecodable, message: located.description))
            }
        }
        self.init(events: events, decodeFindings: findings, eventNumbers: numbers)
    }

    /// The time from the first to the last event, in milliseconds.
    public var duration: Int64 {
        guard let last = order.last else { return 0 }
        return times[last] - startTime
    }

    /// The DOM after every event before `offset` ms, found by starting from the last FullSnapshot before it.
    ///
    /// Replay starts at the Meta that precedes that FullSnapshot (rrweb's
    /// `discardPriorSnapshots`), so it equals `play()` advanced to the same offset.
    public func seek(to offset: Int64) -> Reconstructor {
        let end = endPosition(for: offset)
        var start = 0
        if let snapshot = order[..<end].lastIndex(where: { events[$0].type == .fullSnapshot }) {
            start = snapshot
            if let meta = order[..<snapshot].lastIndex(where: { events[$0].type == .meta }) { start = meta }
        }
        let dom = Reconstructor()
        for position in start..<end {
            let index = order[position]
            dom.apply(events[index], index: eventNumbers[index], time: times[index])
        }
        // The page is shown as it is at the time sought to: playing media have played on since their last event.
        dom.moveClock(to: startTime &+ offset)
        return dom
    }

    /// The DOM after every event.
    public func finalState() -> Reconstructor {
        var player = play()
        player.advanceToEnd()
        player.state.finish()
        return player.state
    }

    /// A player at the start of the recording, before any event.
    public func play() -> Player {
        Player(session: self)
    }

    /// The number of events (in replay order) with a time before `t0 + offset`.
    public func endPosition(for offset: Int64) -> Int {
        let limit = startTime &+ offset
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if times[order[middle]] < limit { low = middle + 1 } else { high = middle }
        }
        return low
    }

    static func stableSorted(_ items: [Int], by less: (Int, Int) -> Bool) -> [Int] {
        if items.count < 2 { return items }
        // Already sorted is the common case.
        var sorted = true
        for index in 1..<items.count where less(items[index], items[index - 1]) {
            sorted = false
            break
        }
        if sorted { return items }
        var source = items
        var target = items
        var width = 1
        while width < source.count {
            var start = 0
            while start < source.count {
                let middle = min(start + width, source.count)
                let end = min(start + 2 * width, source.count)
                var left = start
                var right = middle
                var out = start
                while left < middle, right < end {
                    if less(source[right], source[left]) {
                        target[out] = source[right]; right += 1
                    } else {
                        target[out] = source[left]; left += 1
                    }
                    out += 1
                }
                while left < middle { target[out] = source[left]; left += 1; out += 1 }
                while right < end { target[out] = source[right]; right += 1; out += 1 }
                start = end
            }
            swap(&source, &target)
            width *= 2
        }
        return source
    }
}

/// Plays a `ReplaySession` forward, event by event or up to a time.
public struct Player {
    public let session: ReplaySession
    /// The DOM so far.
    public let state: Reconstructor
    /// How many events (in replay order) have been applied.
    public private(set) var position = 0

    init(session: ReplaySession) {
        self.session = session
        state = Reconstructor()
    }

    /// Whether every event has been applied.
    public var isAtEnd: Bool { position >= session.order.count }

    /// The array index of the next event to apply, if any.
    public var nextEventIndex: Int? { isAtEnd ? nil : session.order[position] }

    /// Applies the next event and returns its array index.
    @discardableResult
    public mutating func step() -> Int? {
        guard !isAtEnd else { return nil }
        let index = session.order[position]
        // The event is read in place: a copy would retain, and then release, every field of it.
        session.events.withUnsafeBufferPointer { events in
            state.apply(events[index], index: session.eventNumbers[index], time: session.times[index])
        }
        position += 1
        return index
    }

    /// Applies every event before `t0 + offset`; the replay time is then `t0 + offset` (as after `seek(to:)`).
    public mutating func advance(to offset: Int64) {
        let end = session.endPosition(for: offset)
        while position < end { step() }
        state.moveClock(to: session.startTime &+ offset)
    }

    /// Applies every remaining event.
    public mutating func advanceToEnd() {
        while !isAtEnd { step() }
    }
}
