import Foundation

/// A deterministic share of a run's sessions: arrival `n` belongs to shard `n mod count`.
///
/// Every shard computes the whole schedule and takes every `count`th arrival,
/// so the shards together send exactly what one process would, and each
/// session is sent by exactly one of them.
public struct Shard: Sendable, Equatable, Codable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public static let whole = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Reads `i/n` (from 0: `0/4` … `3/4`).
    public init(parsing text: String) throws(LoadInputError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index) else {
            throw LoadInputError("--shard takes i/n with 0 ≤ i < n, such as 0/4, not '\(text)'")
        }
        self.init(index: index, count: count)
    }

    /// The shard a Kubernetes Indexed Job gives this pod: `JOB_COMPLETION_INDEX` of `JOB_COMPLETIONS`, or nil when neither is set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(LoadInputError) -> Shard? {
        guard let indexText = environment["JOB_COMPLETION_INDEX"] else { return nil }
        guard let countText = environment["JOB_COMPLETIONS"] else {
            throw LoadInputError("JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not; set it to the Job's completions (the downward API cannot, so the manifest sets it)")
        }
        do {
            return try Shard(parsing: "\(indexText)/\(countText)")
        } catch {
            throw LoadInputError("JOB_COMPLETION_INDEX=\(indexText) and JOB_COMPLETIONS=\(countText) do not make a shard i/n with 0 ≤ i < n")
        }
    }

    /// Whether arrival `number` is this shard's.
    public func owns(_ number: Int) -> Bool { number % count == index }

    public var description: String { "\(index)/\(count)" }
}
