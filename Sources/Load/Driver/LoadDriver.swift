import Foundation
import Ingest
import LoadHTTP
import SessionModel
#if canImport(Glibc)
import Glibc
#endif

/// Runs an open-model load: sessions arrive on the schedule, each request goes out at its intended moment, and everything is measured.
///
/// One thread does it all: it admits the sessions whose arrival has come
/// (this shard's share only), hands due requests to free connections, waits
/// for sockets until the next moment something is due, and records each
/// answer twice, from the intended send time (corrected for coordinated
/// omission: a request held back by a busy endpoint counts its wait) and
/// from the actual send time. Memory is fixed: histograms and timeline are
/// bounded, and only sessions under way are kept.
///
/// ```swift
/// let driver = LoadDriver(configuration, source: source, engine: client)
/// let outcome = driver.run()
/// print(outcome.measurements.corrected.value(atPercentile: 99)!)
/// ```
public final class LoadDriver {
    /// What to run.
    public struct Configuration: Sendable {
        public var schedule: ArrivalSchedule
        public var seed: UInt64
        /// Sessions arrive during this long.
        public var durationMicroseconds: UInt64
        /// How long after the last arrival the run keeps sending its sessions' later uploads; what is still due then is dropped.
        public var drainMicroseconds: UInt64
        public var shard: Shard
        /// What acknowledges an upload: statuses, and a value in the body when the adapter's rule has one.
        public var acknowledgement: Acknowledgement
        /// Every how many sessions one is read back (by arrival number), and where it goes when it has finished; nil for none.
        public var readBackEvery: Int?
        public var sampled: (@Sendable (SampledSession) -> Void)?

        public init(schedule: ArrivalSchedule, seed: UInt64, durationMicroseconds: UInt64, drainMicroseconds: UInt64 = 30_000_000,
                    shard: Shard = .whole, acknowledgement: Acknowledgement = .anySuccess) {
            self.schedule = schedule
            self.seed = seed
            self.durationMicroseconds = durationMicroseconds
            self.drainMicroseconds = drainMicroseconds
            self.shard = shard
            self.acknowledgement = acknowledgement
        }
    }

    /// A look at a run under way, for the live progress line.
    public struct Progress: Sendable {
        public var elapsedMicroseconds: UInt64
        /// Requests finished in the last second.
        public var completedLastSecond: UInt64
        public var inFlight: Int
        public var errors: UInt64
        public var p50Microseconds: UInt64?
        public var p99Microseconds: UInt64?
    }

    /// The measurements, and the driver's own account of how well it kept the schedule.
    public struct Outcome: Sendable {
        public var measurements: LoadMeasurements
        public var audit: GeneratorAudit
    }

    /// A send that starts more than this long after its moment is a late start.
    public static let lateThresholdMicroseconds: UInt64 = 10_000

    private struct ActiveSession {
        var number: Int
        var requests: [PlannedRequest]
        var intended: [UInt64]
        var unfinished: Int
        var uploads: Int
        var uploadsAcknowledged = 0
        var isSampled: Bool
        var acknowledgedKeys: [BatchKey] = []
        var lastAcknowledgedAt: UInt64 = 0
    }

    private let configuration: Configuration
    private let source: any SessionSource
    private let engine: any RequestEngine
    private var sessions: [ActiveSession?] = []
    private var freeSlots: [Int] = []
    private var pending = PendingSends()
    private var measurements = LoadMeasurements()
    private var interval = IntervalAccumulator()
    private var scheduledRequests: UInt64 = 0
    /// The latest intended moment of any request scheduled within the run's window (sends after it are not the run's work).
    private var lastIntended: UInt64 = 0
    private var sourceError: LoadInputError?
    /// The time spent waiting for a free connection while sends were due, to tell the endpoint's holding back from the generator's.
    private var connectionWaits = ConnectionWaitLedger()

    public init(_ configuration: Configuration, source: any SessionSource, engine: any RequestEngine) {
        self.configuration = configuration
        self.source = source
        self.engine = engine
        engine.keepsBodies = configuration.acknowledgement.bodyPath != nil
    }

    /// Runs to the end and returns what was measured; `progress` is called about once a second; a session the source cannot make ends the run with its error.
    public func run(progress: ((Progress) -> Void)? = nil) throws(LoadInputError) -> Outcome {
        var arrivals = configuration.schedule.arrivals(seed: configuration.seed, durationMicroseconds: configuration.durationMicroseconds)
        var arrivalNumber = 0
        var nextArrival = arrivals.next()
        let start = MonotonicClock.microseconds()
        let cpuStart = Self.threadCPUMicroseconds()
        let runQueueStart = Self.threadRunQueueWaitMicroseconds()
        let drainEnd = configuration.durationMicroseconds + configuration.drainMicroseconds
        var finished: [CompletedRequest] = []
        var nextProgress: UInt64 = 1_000_000
        var completedAtLastProgress: UInt64 = 0
        var lastSendMoment: UInt64 = 0
        while true {
            let now = MonotonicClock.microseconds() - start
            if now >= drainEnd { break }
            // Hand due work to free connections, earliest first: a later upload of a session under way, or a new arrival.
            // An arrival waiting for a connection is only a position in the schedule, so an overloaded run holds no more memory.
            while engine.hasFreeConnection {
                let dueSend = pending.first.flatMap { $0.intended <= now ? $0 : nil }
                if let arrival = nextArrival, arrival <= now, dueSend.map({ arrival < $0.intended }) ?? true {
                    if configuration.shard.owns(arrivalNumber) { admit(arrivalNumber, arrivingAt: arrival) }
                    if let sourceError { throw sourceError }
                    arrivalNumber += 1
                    nextArrival = arrivals.next()
                    continue
                }
                guard let due = dueSend else { break }
                _ = pending.removeFirst()
                let sendMoment = MonotonicClock.microseconds() - start
                begin(due.token, intended: due.intended, at: sendMoment, clockStart: start)
                lastSendMoment = sendMoment
            }
            let starved = !engine.hasFreeConnection
                && ((pending.first.map { $0.intended <= now } ?? false) || (nextArrival.map { $0 <= now } ?? false))
            if nextArrival == nil, engine.inFlight == 0, pending.first.map({ $0.intended >= drainEnd }) ?? true { break }
            var wait: UInt64 = 1_000_000
            if engine.hasFreeConnection {
                if let due = pending.first { wait = min(wait, due.intended > now ? due.intended - now : 0) }
                if let arrival = nextArrival { wait = min(wait, arrival > now ? arrival - now : 0) }
            }
            if let deadline = engine.nextDeadline { let relative = deadline - min(deadline, start); wait = min(wait, relative > now ? relative - now : 0) }
            wait = min(wait, nextProgress > now ? nextProgress - now : 0)
            let beforePoll = starved ? MonotonicClock.microseconds() : 0
            engine.poll(waitMicroseconds: wait, into: &finished)
            let afterPoll = MonotonicClock.microseconds()
            if starved { connectionWaits.waited(from: beforePoll - start, to: afterPoll - start) }
            for request in finished { complete(request, clockStart: start) }
            finished.removeAll(keepingCapacity: true)
            let elapsed = afterPoll - start
            interval.flushIfPast(elapsed, into: &measurements.timeline)
            if elapsed >= nextProgress {
                progress?(Progress(elapsedMicroseconds: elapsed, completedLastSecond: interval.completedTotal - completedAtLastProgress,
                                   inFlight: engine.inFlight, errors: measurements.errors - UInt64(engine.inFlight),
                                   p50Microseconds: measurements.corrected.value(atPercentile: 50),
                                   p99Microseconds: measurements.corrected.value(atPercentile: 99)))
                completedAtLastProgress = interval.completedTotal
                nextProgress += 1_000_000
            }
        }
        // The drain time ran out: sessions whose arrival came but found no free connection never started, later
        // uploads still due are dropped, and what is under way may still finish within its deadline.
        while nextArrival != nil {
            if configuration.shard.owns(arrivalNumber) { measurements.sessionsNotStarted += 1 }
            arrivalNumber += 1
            nextArrival = arrivals.next()
        }
        var afterWindow: UInt64 = 0
        while pending.count > 0 {
            let entry = pending.removeFirst()
            if entry.intended >= drainEnd { afterWindow += 1 } else { measurements.droppedSends += 1 }
            drop(entry.token)
        }
        measurements.sendsAfterWindow += afterWindow
        while engine.inFlight > 0 {
            engine.poll(waitMicroseconds: 100_000, into: &finished)
            for request in finished { complete(request, clockStart: start) }
            finished.removeAll(keepingCapacity: true)
        }
        let end = MonotonicClock.microseconds() - start
        interval.flush(at: end, into: &measurements.timeline)
        let audit = GeneratorAudit(elapsedMicroseconds: end, sendingMicroseconds: max(lastSendMoment, 1),
                                   generatorCPUMicroseconds: Self.threadCPUMicroseconds() - cpuStart,
                                   runQueueWaitMicroseconds: runQueueStart.flatMap { start in Self.threadRunQueueWaitMicroseconds().map { $0 - min($0, start) } },
                                   scheduledRequests: scheduledRequests - afterWindow, connections: 0, connectionsOpened: engine.connectionsOpened,
                                   schedulingMicroseconds: max(lastIntended, configuration.durationMicroseconds))
        return Outcome(measurements: measurements, audit: audit)
    }

    private func admit(_ number: Int, arrivingAt arrival: UInt64) {
        let requests: [PlannedRequest]
        do {
            requests = try source.requests(forSession: number)
        } catch {
            sourceError = error
            return
        }
        guard !requests.isEmpty else { return }
        let slot = freeSlots.popLast() ?? { sessions.append(nil); return sessions.count - 1 }()
        let intended = requests.map { arrival + $0.offset }
        let isSampled = configuration.readBackEvery.map { number % $0 == 0 } ?? false
        sessions[slot] = ActiveSession(number: number, requests: requests, intended: intended, unfinished: requests.count,
                                       uploads: requests.filter(\.isUpload).count, isSampled: isSampled)
        measurements.sessionsStarted += 1
        scheduledRequests += UInt64(requests.count)
        let drainEnd = configuration.durationMicroseconds + configuration.drainMicroseconds
        for (position, moment) in intended.enumerated() {
            pending.add(intended: moment, token: slot << 20 | position)
            guard moment < drainEnd else { continue }
            lastIntended = max(lastIntended, moment)
            measurements.timeline.countScheduled(at: moment)
        }
    }

    private func begin(_ token: Int, intended: UInt64, at moment: UInt64, clockStart: UInt64) {
        let slot = token >> 20
        let position = token & 0xFFFFF
        guard let session = sessions[slot] else { return }
        let request = session.requests[position]
        let slip = moment > intended ? moment - intended : 0
        measurements.scheduleSlip.record(microseconds: slip)
        if slip > Self.lateThresholdMicroseconds {
            measurements.lateStarts += 1
            // Held back by the endpoint when at least half its lateness was spent waiting for a connection.
            if connectionWaits.waitedMicroseconds(since: intended) * 2 >= slip { measurements.lateStartsWaitingForConnection += 1 }
        }
        measurements.requestsSent += 1
        measurements.bodyBytesSent += UInt64(request.bodyBytes)
        measurements.bodyBytesUncompressed += UInt64(request.uncompressedBodyBytes)
        if request.isUpload { measurements.uploadsSent += 1 }
        _ = engine.send(request.bytes, token: token, now: moment + clockStart)
        // The bytes are not needed again: free them while the session waits for its other requests.
        sessions[slot]!.requests[position].bytes = []
    }

    private func complete(_ request: CompletedRequest, clockStart: UInt64) {
        let slot = request.token >> 20
        let position = request.token & 0xFFFFF
        guard var session = sessions[slot] else { return }
        let completedAt = request.completedAt - clockStart
        let intended = session.intended[position]
        var acknowledged = request.failure == nil && configuration.acknowledgement.accepts(status: request.status)
        if acknowledged, let refusal = configuration.acknowledgement.bodyRefusal(request.body) {
            acknowledged = false
            measurements.bodyRefusals += 1
            if measurements.firstBodyRefusal == nil { measurements.firstBodyRefusal = refusal }
        }
        if let failure = request.failure {
            measurements.failures[failure, default: 0] += 1
        } else {
            measurements.statuses[request.status, default: 0] += 1
            let corrected = completedAt > intended ? completedAt - intended : 0
            let uncorrected = request.completedAt - request.startedAt
            measurements.corrected.record(microseconds: corrected)
            measurements.uncorrected.record(microseconds: uncorrected)
            interval.record(corrected: corrected, uncorrected: uncorrected)
        }
        interval.count(at: completedAt, error: !acknowledged, into: &measurements.timeline)
        if acknowledged {
            measurements.requestsAcknowledged += 1
            if session.requests[position].isUpload {
                measurements.uploadsAcknowledged += 1
                session.uploadsAcknowledged += 1
                if session.isSampled, let key = session.requests[position].batchKey {
                    session.acknowledgedKeys.append(key)
                    session.lastAcknowledgedAt = request.completedAt
                }
            }
        }
        session.unfinished -= 1
        if session.unfinished == 0 {
            if session.uploadsAcknowledged == session.uploads { measurements.sessionsComplete += 1 }
            if session.isSampled {
                configuration.sampled?(SampledSession(number: session.number, acknowledged: session.acknowledgedKeys,
                                                      lastAcknowledgedAt: session.lastAcknowledgedAt))
            }
            sessions[slot] = nil
            freeSlots.append(slot)
        } else {
            sessions[slot] = session
        }
    }

    private func drop(_ token: Int) {
        let slot = token >> 20
        guard var session = sessions[slot] else { return }
        session.unfinished -= 1
        if session.unfinished == 0 {
            sessions[slot] = nil
            freeSlots.append(slot)
        } else {
            sessions[slot] = session
        }
    }

    /// How long this thread has waited on a run queue for a CPU, in microseconds (Linux's `/proc/thread-self/schedstat`, second field); nil elsewhere.
    static func threadRunQueueWaitMicroseconds() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/schedstat", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let nanoseconds = UInt64(fields[1]) else { return nil }
        return nanoseconds / 1000
    }

    /// CPU time this thread has used, in microseconds (the driver's own work, not an embedded server's).
    static func threadCPUMicroseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1000
    }
}

/// The current second's numbers, handed to the timeline when the second is over.
struct IntervalAccumulator {
    private var position: UInt64 = 0
    private var current = Timeline.Interval()
    private var corrected = LatencyHistogram()
    private var uncorrected = LatencyHistogram()
    private var hasLatency = false
    private(set) var completedTotal: UInt64 = 0

    mutating func record(corrected value: UInt64, uncorrected other: UInt64) {
        corrected.record(microseconds: value)
        uncorrected.record(microseconds: other)
        hasLatency = true
    }

    mutating func count(at moment: UInt64, error: Bool, into timeline: inout Timeline) {
        flushIfPast(moment, into: &timeline)
        current.completed += 1
        completedTotal += 1
        if error { current.errors += 1 }
    }

    mutating func flushIfPast(_ moment: UInt64, into timeline: inout Timeline) {
        if moment / 1_000_000 > position { flush(at: moment, into: &timeline) }
    }

    /// Hands the interval to the timeline and starts the one `moment` falls in.
    mutating func flush(at moment: UInt64, into timeline: inout Timeline) {
        if current.completed > 0 || hasLatency {
            if hasLatency {
                current.corrected = SparseHistogram(corrected, groupSize: SparseHistogram.timelineGroupSize)
                current.uncorrected = SparseHistogram(uncorrected, groupSize: SparseHistogram.timelineGroupSize)
                corrected = LatencyHistogram()
                uncorrected = LatencyHistogram()
            }
            timeline.add(current, at: position * 1_000_000)
        }
        current = Timeline.Interval()
        hasLatency = false
        position = max(position, moment / 1_000_000)
    }
}
