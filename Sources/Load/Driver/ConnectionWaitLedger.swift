/// How long the driver waited for a free connection while sends were due, so that each late send can say whether it was the endpoint that held it back.
///
/// The ledger keeps one running total (time spent waiting on the sockets
/// with something due and every connection busy) and a bounded list of
/// (moment, total) marks. A send due at `intended` and made at `moment` waited
/// for a connection for about `total(moment) - total(intended)`; the rest of
/// its lateness was the generator's own (building sessions, a descheduled
/// thread). Sends leave in the order they are due, so marks before the oldest
/// send still waiting are forgotten; when marks pile up past the bound, every
/// other one is dropped, which keeps the span and halves the resolution
/// (between marks the total is taken to have grown evenly).
///
/// ```swift
/// var ledger = ConnectionWaitLedger()
/// ledger.waited(from: 1_000, to: 51_000)      // blocked 50 ms, every connection busy
/// ledger.waitedMicroseconds(since: 0)          // 50_000
/// ```
struct ConnectionWaitLedger {
    private var marks: [(moment: UInt64, total: UInt64)] = []
    private var head = 0
    private var total: UInt64 = 0
    private let bound: Int

    init(bound: Int = 4096) {
        self.bound = bound
    }

    /// Records a wait on the sockets from `start` to `end` that began with sends due and no free connection.
    mutating func waited(from start: UInt64, to end: UInt64) {
        guard end > start else { return }
        if marks.count - head >= bound { thin() }
        marks.append((start, total))
        total += end - start
        marks.append((end, total))
    }

    /// The waiting for a connection since `moment`, and forgets the marks before it (sends leave in due order).
    mutating func waitedMicroseconds(since moment: UInt64) -> UInt64 {
        while head + 1 < marks.count, marks[head + 1].moment <= moment { head += 1 }
        if head > 1024, head * 2 > marks.count {
            marks.removeFirst(head)
            head = 0
        }
        guard head < marks.count, marks[head].moment <= moment else { return total }
        let base = marks[head]
        guard head + 1 < marks.count else { return total - base.total }
        // Between two marks the total grew evenly: exact within one wait or one gap, an average across thinned marks.
        let next = marks[head + 1]
        let span = Double(next.moment - base.moment)
        let grown = span == 0 ? 0 : Double(next.total - base.total) * Double(moment - base.moment) / span
        return total - base.total - UInt64(grown)
    }

    private mutating func thin() {
        let live = marks[head...]
        marks = live.enumerated().compactMap { $0.offset % 2 == 0 || $0.offset == live.count - 1 ? $0.element : nil }
        head = 0
    }
}
