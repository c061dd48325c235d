import Load
import Testing

@Suite struct ThresholdTests {
    static func summary(latencies: [UInt64], sent: UInt64, acknowledged: UInt64) -> LoadSummary {
        var measurements = LoadMeasurements()
        for value in latencies { measurements.corrected.record(microseconds: value) }
        measurements.requestsSent = sent
        measurements.requestsAcknowledged = acknowledged
        return LoadSummary(measurements: measurements, achievedRatePerSecond: sent == 0 ? nil : Double(sent), readBack: nil)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var expression: String
        var passes: Bool
        var testDescription: String { expression }
    }

    @Test(arguments: [
        Case(expression: "p99<350ms", passes: true), Case(expression: "p99 < 0.35s", passes: true), Case(expression: "p99<250ms", passes: false),
        Case(expression: "p50<=201000us", passes: true), Case(expression: "p50<200ms", passes: false), Case(expression: "max>=300ms", passes: true),
        Case(expression: "error_rate<1%", passes: false), Case(expression: "error_rate<=0.02", passes: true),
        Case(expression: "errors==2", passes: true), Case(expression: "requests!=100", passes: false), Case(expression: "rate>50/s", passes: true),
    ])
    func holdsOrNot(_ test: Case) throws {
        // 100 requests, 98 answered: 97 at 200 ms and one at 300 ms, so p99 (the 98th) is 300 ms and p50 200 ms (within 0.1 %).
        let summary = Self.summary(latencies: Array(repeating: 200_000, count: 97) + [300_000], sent: 100, acknowledged: 98)
        let result = try Threshold(parsing: test.expression).evaluate(summary)
        #expect(result.passed == test.passes, "\(result)")
    }

    @Test func aMetricWithNoSamplesFails() throws {
        let empty = Self.summary(latencies: [], sent: 0, acknowledged: 0)
        for expression in ["p99<250ms", "error_rate<0.1%", "sessions_lost==0", "mean<1s"] {
            let result = try Threshold(parsing: expression).evaluate(empty)
            #expect(!result.passed, "\(expression)")
            #expect(result.observed == nil)
            #expect(result.reason?.contains("has no samples") == true)
        }
    }

    @Test func anUnknownMetricIsRefusedWithTheNearestName() {
        #expect(throws: LoadInputError.self) { try Threshold(parsing: "eror_rate<1%") }
        do {
            _ = try Threshold(parsing: "eror_rate<1%")
        } catch {
            #expect(error.message.hasPrefix("--threshold 'eror_rate<1%': unknown metric 'eror_rate'; did you mean 'error_rate'?"))
        }
    }

    @Test(arguments: ["p99<250", "p99<250%", "error_rate<5ms", "p99", "p99<fast"])
    func aMalformedLimitIsRefused(_ expression: String) {
        #expect(throws: LoadInputError.self) { try Threshold(parsing: expression) }
    }
}
