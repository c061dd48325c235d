/// How well the load generator itself kept up: time, its own CPU, connections, and what it was asked to send.
public struct GeneratorAudit: Sendable, Equatable, Codable {
    public var elapsedMicroseconds: UInt64
    /// From the start to the last send.
    public var sendingMicroseconds: UInt64
    /// CPU time of the driver's thread.
    public var generatorCPUMicroseconds: UInt64
    /// Requests the schedule gave this shard.
    public var scheduledRequests: UInt64
    public var connections: Int
    public var connectionsOpened: Int
    public var targetRatePerSecond: Double

    /// The driver thread's CPU as a share of one core over the run.
    public var generatorCPUShare: Double {
        elapsedMicroseconds == 0 ? 0 : Double(generatorCPUMicroseconds) / Double(elapsedMicroseconds)
    }
}
