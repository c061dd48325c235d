import Foundation
import Ingest
import LoadHTTP

/// One load run from start to report: the engine for the endpoint's scheme, the driver on its own thread, and the report with thresholds evaluated.
///
/// ```swift
/// let plan = LoadRun(endpoint: server.baseURL, source: source, schedule: .constant(perSecond: 50), durationMicroseconds: 10_000_000)
/// let report = try await plan.execute()
/// ```
public struct LoadRun: Sendable {
    public var endpoint: URL
    public var source: any SessionSource
    public var schedule: ArrivalSchedule
    public var durationMicroseconds: UInt64
    public var drainMicroseconds: UInt64 = 30_000_000
    public var timeScale: Double = 1
    public var seed: UInt64 = 1
    public var connections: Int = 16
    public var timeoutSeconds: Double = 10
    public var shard: Shard = .whole
    public var thresholds: [Threshold] = []
    /// What acknowledges an upload (the adapter's rule: statuses, and a body value when it has one).
    public var acknowledgement: Acknowledgement = .anySuccess
    /// Read back every `readBackEvery`-th session through `readBack` while the load runs (ingest lag, sessions lost or doubled); nil for none.
    public var readBack: (any ReadBack)?
    public var readBackEvery: Int?

    public init(endpoint: URL, source: any SessionSource, schedule: ArrivalSchedule, durationMicroseconds: UInt64) {
        self.endpoint = endpoint
        self.source = source
        self.schedule = schedule
        self.durationMicroseconds = durationMicroseconds
    }

    /// Why a run could not be made or ended early.
    public enum Failure: Error, Sendable {
        /// The endpoint's host does not resolve.
        case unreachable(String)
        /// A session could not be made from the workload.
        case input(LoadInputError)
    }

    /// Runs the load and returns its report; `progress` is called about once a second from the driver's thread.
    public func execute(progress: (@Sendable (LoadDriver.Progress) -> Void)? = nil) async throws(Failure) -> LoadReport {
        let sampler = readBack.flatMap { readBack in readBackEvery.map { _ in ReadBackSampler(readBack: readBack) } }
        let sampling = sampler.map { sampler in Task { await sampler.run() } }
        let result: Result<LoadDriver.Outcome, Failure> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: self.drive(progress: progress, sampler: sampler))
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        sampler?.finishSubmitting()
        let sample = await sampling?.value
        var outcome = try result.get()
        outcome.audit.connections = connections
        let run = LoadReport.Run(schedule: schedule.description, durationMicroseconds: durationMicroseconds, drainMicroseconds: drainMicroseconds,
                                 timeScale: timeScale, seed: seed, workload: source.identity, connections: connections,
                                 shardCount: shard.count, shards: [shard.index])
        return LoadReport(run: run, measurements: outcome.measurements, readBack: sample, generators: [outcome.audit], thresholds: thresholds)
    }

    private func drive(progress: (@Sendable (LoadDriver.Progress) -> Void)?, sampler: ReadBackSampler?) -> Result<LoadDriver.Outcome, Failure> {
        let engine: any RequestEngine
        if endpoint.scheme == "https" {
            engine = URLSessionEngine(endpoint: endpoint, connections: connections, timeoutSeconds: timeoutSeconds)
        } else {
            do {
                engine = try HTTPLoadClient(host: endpoint.host ?? "127.0.0.1", port: UInt16(endpoint.port ?? 80), connections: connections,
                                            timeoutMicroseconds: UInt64(timeoutSeconds * 1_000_000))
            } catch {
                return .failure(.unreachable(error.description))
            }
        }
        var configuration = LoadDriver.Configuration(schedule: schedule, seed: seed, durationMicroseconds: durationMicroseconds,
                                                     drainMicroseconds: drainMicroseconds, shard: shard, acknowledgement: acknowledgement)
        if let sampler {
            configuration.readBackEvery = readBackEvery
            configuration.sampled = { sampler.submit($0) }
        }
        do {
            return .success(try LoadDriver(configuration, source: source, engine: engine).run(progress: progress))
        } catch {
            return .failure(.input(error))
        }
    }
}
