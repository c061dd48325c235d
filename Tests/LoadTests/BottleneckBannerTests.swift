@testable import Load
import Testing

/// The banner names what held the sends back, from what was measured, and stays quiet for a run that kept its schedule.
@Suite struct BottleneckBannerTests {
    /// A 10 s run of 1,000 requests at its target rate, with `late` late starts of which `waited` waited for a connection.
    static func banner(late: UInt64, waited: UInt64, cpuShare: Double = 0.05, runQueueShare: Double? = 0) -> String? {
        var measurements = LoadMeasurements()
        measurements.requestsSent = 1000
        measurements.requestsAcknowledged = 1000
        measurements.lateStarts = late
        measurements.lateStartsWaitingForConnection = waited
        measurements.scheduleSlip.record(microseconds: 50_000)
        let elapsed: UInt64 = 10_000_000
        let audit = GeneratorAudit(elapsedMicroseconds: elapsed, sendingMicroseconds: elapsed, generatorCPUMicroseconds: UInt64(cpuShare * Double(elapsed)),
                                   runQueueWaitMicroseconds: runQueueShare.map { UInt64($0 * Double(elapsed)) }, scheduledRequests: 1000,
                                   connections: 8, connectionsOpened: 8, schedulingMicroseconds: elapsed)
        let run = LoadReport.Run(schedule: "constant:100/s", durationMicroseconds: elapsed, drainMicroseconds: 0, timeScale: 1, seed: 1,
                                 workload: [], connections: 8, shardCount: 1, shards: [0])
        return TerminalSummary.bottleneckBanner(LoadReport(run: run, measurements: measurements, readBack: nil, generators: [audit], thresholds: []))
    }

    @Test func aRunThatKeptItsScheduleHasNoBanner() {
        #expect(Self.banner(late: 0, waited: 0) == nil)
        #expect(Self.banner(late: 2, waited: 0) == nil, "two late starts are in the counts, not a trend")
        #expect(Self.banner(late: 10, waited: 0) == nil, "1% late is within the rule")
    }

    @Test func lateStartsThatWaitedForConnectionsBlameTheEndpoint() throws {
        let banner = try #require(Self.banner(late: 100, waited: 80))
        #expect(banner.contains("80 of 100 late starts waited for one of the 8 connections"))
        #expect(!banner.contains("busy too"))
        let onABusyMachine = try #require(Self.banner(late: 100, waited: 80, runQueueShare: 0.4))
        #expect(onABusyMachine.contains("this machine was busy too (the generator waited for a CPU 40% of the run)"))
    }

    @Test func aBusyMachineIsNamedWhenTheConnectionsWereFree() throws {
        let banner = try #require(Self.banner(late: 100, waited: 10, runQueueShare: 0.4))
        #expect(banner.contains("because this MACHINE was busy: the generator's thread waited for a CPU 40% of the run"))
    }

    @Test func otherwiseItIsTheGeneratorsOwnPausesOrItsCPU() throws {
        #expect(try #require(Self.banner(late: 100, waited: 10, runQueueShare: nil)).contains("the generator's own pauses"))
        #expect(try #require(Self.banner(late: 100, waited: 10, cpuShare: 0.95)).contains("the GENERATOR was the bottleneck"))
    }
}
