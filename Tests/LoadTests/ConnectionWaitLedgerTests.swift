@testable import Load
import Testing

/// The ledger tells how much of a send's lateness was spent waiting for a connection.
@Suite struct ConnectionWaitLedgerTests {
    @Test func countsOnlyTheWaitingAfterTheSendWasDue() {
        var ledger = ConnectionWaitLedger()
        ledger.waited(from: 1_000, to: 51_000)
        ledger.waited(from: 60_000, to: 70_000)
        #expect(ledger.waitedMicroseconds(since: 0) == 60_000)
        // Due halfway through the first wait: half of it, and all of the second.
        #expect(ledger.waitedMicroseconds(since: 26_000) == 35_000)
        // Due between the waits: the second only.
        #expect(ledger.waitedMicroseconds(since: 55_000) == 10_000)
        #expect(ledger.waitedMicroseconds(since: 80_000) == 0)
    }

    @Test func keepsItsSpanWhenMarksAreThinned() {
        var ledger = ConnectionWaitLedger(bound: 64)
        // 10,000 waits of 1 ms, 1 ms apart: 10 s of waiting over 20 s.
        for index in 0..<10_000 {
            let start = UInt64(index) * 2_000
            ledger.waited(from: start, to: start + 1_000)
        }
        #expect(ledger.waitedMicroseconds(since: 0) == 10_000_000)
        // Thinned marks lose resolution, not the total: half the span is about half the waiting.
        let secondHalf = ledger.waitedMicroseconds(since: 10_000_000)
        #expect(secondHalf >= 4_000_000 && secondHalf <= 5_000_000, "\(secondHalf)")
    }
}
