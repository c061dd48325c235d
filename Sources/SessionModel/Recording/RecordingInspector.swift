/// Reads a recording and reports counts, duration, pages and structural problems.
///
/// It is a light check, not a replay: it tracks which node ids exist so that a
/// mutation naming an unknown node, an add whose parent never appears, or an
/// incremental event before any full snapshot is reported with its event index.
///
/// ```swift
/// var inspector = RecordingInspector()
/// inspector.feed(bytes)
/// let report = inspector.finish()
/// ```
public struct RecordingInspector {
    private var decoder = RecordingDecoder()
    private var report = RecordingReport()
    private var typeCounts: [EventType: Int] = [:]
    private var sourceCounts: [IncrementalSource: Int] = [:]
    private var nodes = NodeIdTracker()
    private var sawFullSnapshot = false
    private var timestamps = TimestampCheck()

    public init() {}

    /// Inspects a whole recording at once.
    public static func inspect(_ bytes: [UInt8]) -> RecordingReport {
        var inspector = RecordingInspector()
        inspector.feed(bytes)
        return inspector.finish()
    }

    /// Consumes the next chunk of the recording.
    public mutating func feed(_ chunk: [UInt8]) {
        for item in decoder.feed(chunk) { consume(item) }
    }

    /// Ends the input and returns the report.
    public mutating func finish() -> RecordingReport {
        for item in decoder.finish() { consume(item) }
        // A file that gives a replayer nothing to show is not a clean recording, however well-formed it is.
        if report.eventCount == 0 {
            report.problems.append(.init(eventIndex: nil, message: "the recording holds no events"))
        } else if !sawFullSnapshot {
            report.problems.append(.init(eventIndex: nil, message: "the recording has no FullSnapshot, so there is no page to reconstruct"))
        }
        report.countsByType = typeCounts.keys.sorted().map { ($0, typeCounts[$0]!) }
        report.countsBySource = sourceCounts.keys.sorted().map { ($0, sourceCounts[$0]!) }
        return report
    }

    private mutating func consume(_ item: RecordingDecoder.Item) {
        switch item.result {
        case .failure(let error):
            // An undecodable event is still an event of the file: the count and the numbers agree with `replay`.
            report.eventCount += 1
            var message = error.message
            if let position = error.position { message += " at line \(position.line), column \(position.column) (byte \(position.offset))" }
            if !error.path.components.isEmpty { message += ", path \(error.path)" }
            report.problems.append(.init(eventIndex: error.eventIndex, message: message))
        case .success(let event):
            count(event)
            if let timestamp = event.timestamp, let message = timestamps.next(timestamp) { problem(item.index, message) }
            check(event, index: item.index)
        }
    }

    private mutating func count(_ event: Event) {
        report.eventCount += 1
        typeCounts[event.type, default: 0] += 1
        if let source = event.data.incrementalSource { sourceCounts[source, default: 0] += 1 }
        if let timestamp = event.timestamp {
            report.firstTimestamp = min(report.firstTimestamp ?? timestamp, timestamp)
            report.lastTimestamp = max(report.lastTimestamp ?? timestamp, timestamp)
        } else {
            report.eventsWithoutTimestamp += 1
        }
    }

    private mutating func check(_ event: Event, index: Int) {
        switch event.data {
        case .meta(let meta):
            report.pages.append(.init(eventIndex: index, href: meta.href, width: meta.width, height: meta.height))
        case .fullSnapshot(let snapshot):
            sawFullSnapshot = true
            if snapshot.node.type != .document {
                problem(index, "the FullSnapshot's root node is a \(snapshot.node.type), not a Document")
            }
            for duplicate in nodes.reset(to: snapshot.node) {
                problem(index, "node id \(duplicate) appears more than once in the FullSnapshot")
            }
        case .incrementalSnapshot(let data):
            guard sawFullSnapshot else {
                problem(index, "\(data.source) event before any FullSnapshot")
                return
            }
            if case .mutation(let mutation) = data {
                for message in nodes.apply(mutation) { problem(index, message) }
            }
        default:
            break
        }
    }

    private mutating func problem(_ index: Int, _ message: String) {
        report.problems.append(.init(eventIndex: index, message: message))
    }
}
