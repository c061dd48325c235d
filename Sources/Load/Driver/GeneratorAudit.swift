/// How well the load generator itself kept up: time, its own CPU, connections, and what it was asked to send.
public struct GeneratorAudit: Sendable, Equatable, Codable {
    public var elapsedMicroseconds: UInt64
    /// From the start to the last send.
    public var sendingMicroseconds: UInt64
    /// CPU time of the driver's thread.
    public var generatorCPUMicroseconds: UInt64
    /// How long the driver's thread was ready to run but waited for a CPU (the kernel's run-queue delay); nil where the system does not say.
    public var runQueueWaitMicroseconds: UInt64?
    /// Requests the schedule gave this shard within the run (`--duration` + `--drain`); later ones are `sendsAfterWindow`.
    public var scheduledRequests: UInt64
    public var connections: Int
    public var connectionsOpened: Int
    /// From the start to the last intended send (at least the duration): the span the schedule spreads its requests over.
    public var schedulingMicroseconds: UInt64

    /// The rate the schedule asked of this generator: its requests over their span.
    public var targetRatePerSecond: Double {
        schedulingMicroseconds == 0 ? 0 : Double(scheduledRequests) / (Double(schedulingMicroseconds) / 1_000_000)
    }

    /// The share of the run the driver's thread spent waiting for a CPU: other work on the machine held it back.
    public var runQueueWaitShare: Double? {
        runQueueWaitMicroseconds.map { elapsedMicroseconds == 0 ? 0 : Double($0) / Double(elapsedMicroseconds) }
    }

    /// The driver thread's CPU as a share of one core over the run.
    public var generatorCPUShare: Double {
        elapsedMicroseconds == 0 ? 0 : Double(generatorCPUMicroseconds) / Double(elapsedMicroseconds)
    }
}
