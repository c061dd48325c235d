import Foundation
import Ingest
import SessionModel

/// An `erase` step as the delivery performs it: once the batches sent before the step's moment have gone out, the person's visitors are erased.
public struct MidRunErasure: Sendable {
    /// Who asked, and where the step is (`Scenarios/x.scenario:14:1`).
    public var person: String
    public var step: String
    /// How many of the plan's batches were sent before the step's moment; the erasure goes out before batch `afterBatches`.
    public var afterBatches: Int
    /// The visitor ids the person's batches sent so far carry, each erased through the target's eraser.
    public var visitors: [String]

    public init(person: String, step: String, afterBatches: Int, visitors: [String]) {
        self.person = person
        self.step = step
        self.afterBatches = afterBatches
        self.visitors = visitors
    }

    /// What one erasure did.
    public struct Outcome: Sendable {
        public var erasure: MidRunErasure
        /// Why it did not happen (the endpoint refused, the request failed); nil when every visitor's erasure was acknowledged.
        public var failure: String?
        /// How long the erasure requests took, in seconds.
        public var seconds: Double
        /// The batches sent before the erasure that it removed (they are not sent again later), which the endpoint must no longer hold.
        public var erased: [BatchKey]
    }

    /// Erases every visitor through `eraser`, the origins of each taken from the batches sent so far.
    func perform(with eraser: any Eraser, sentSoFar: ArraySlice<UploadBatch>) async -> (failure: String?, seconds: Double) {
        let started = Date()
        do {
            for visitor in visitors {
                var origins: [String] = []
                for batch in sentSoFar where batch.distinctId == visitor && !origins.contains(batch.origin) { origins.append(batch.origin) }
                if let refusal = try await eraser.erase(visitor: visitor, origins: origins) { return (refusal, Date().timeIntervalSince(started)) }
            }
        } catch {
            return ("the erasure request failed: \(error)", Date().timeIntervalSince(started))
        }
        return (nil, Date().timeIntervalSince(started))
    }
}
