import Reports
import Testing

@Suite("Run report")
struct RunReportTests {
    @Test("progress lines count in words a person would write")
    func progressLinePlurals() {
        var one = ScenarioResult(name: "Checkout", slug: "checkout", file: "checkout.scenario")
        one.sessions = 1
        one.batchesSent = 1
        one.eventsSent = 1
        #expect(RunReport.progressLine(one, position: 1, of: 2) == "[1/2] PASS checkout  1 session, 1 batch, 1 event, 0.0 s")

        var many = one
        many.sessions = 2
        many.batchesSent = 4
        many.eventsSent = 0
        many.seconds = 0.42
        #expect(RunReport.progressLine(many, position: 2, of: 2) == "[2/2] PASS checkout  2 sessions, 4 batches, 0 events, 0.4 s")
    }
}
