import SessionModel

/// A read-back for a target that offers none: says why, instead of pretending nothing was stored.
public struct UnavailableReadBack: ReadBack {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public func batches(session: String) async throws -> [UploadBatch] { throw ReadBackError(reason) }
}
