import SessionModel
/// A way the reference server can be told to misbehave, so each check is shown to catch it.
///
/// Written on the command line as `NAME[=VALUE]` (`drop=0.3`, `delay=250`).
/// For most faults the value is the fraction of requests affected (default 1);
/// for `delay` it is milliseconds (default 200).
public struct FaultMode: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// Answer 200 but do not store the batch.
        case drop
        /// Store the batch twice, ignoring deduplication.
        case duplicate
        /// Return a session's batches on read-back out of (page, sequence) order.
        case reorder
        /// Wait before answering.
        case delay
        /// Answer 503 without storing.
        case serverError = "5xx"
        /// Answer 429 with `Retry-After: 1` without storing.
        case rateLimit = "429"
        /// Store the batch, then answer 500 as if it failed.
        case loseAck = "lose-ack"
        /// Skip the server's redaction, storing planted values as sent.
        case leak
        /// Replace the visitor id with one derived from the user agent, linking unrelated sites.
        case link
        /// Store the client's address (`X-Forwarded-For`, else the loopback peer) in every batch's events, linking sites by IP.
        case linkByIP = "link-ip"
        /// Add a tracking token derived from the user agent to every batch's events, linking sites by a payload value.
        case linkByToken = "link-token"
        /// Answer erasure requests with success and erase nothing.
        case ignoreErasure = "ignore-erasure"
    }

    public var kind: Kind
    /// The rate (0...1), or milliseconds for `delay`.
    public var value: Double

    public init(_ kind: Kind, _ value: Double? = nil) {
        self.kind = kind
        self.value = value ?? (kind == .delay ? 200 : 1)
    }

    /// Parses `NAME[=VALUE]`, with the reason in words when it is not one.
    public static func parse(_ text: String) -> Result<FaultMode, FaultParseError> {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard let kind = Kind(rawValue: name) else {
            let known = Kind.allCases.map(\.rawValue)
            let hint = Suggestions.closest(to: name, among: known).map { " did you mean '\($0)'?" } ?? ""
            return .failure(FaultParseError(message: "unknown fault '\(name)';\(hint) known: \(known.joined(separator: ", "))"))
        }
        guard parts.count == 2 else { return .success(FaultMode(kind)) }
        guard let value = Double(parts[1]), value >= 0, kind == .delay ? value <= 60_000 : value <= 1 else {
            let range = kind == .delay ? "milliseconds from 0 to 60000" : "a rate from 0 to 1"
            return .failure(FaultParseError(message: "fault '\(name)' takes \(range), not '\(parts[1])'"))
        }
        return .success(FaultMode(kind, value))
    }

    public var description: String {
        kind == .delay ? "delay=\(Int(value))" : (value == 1 ? kind.rawValue : "\(kind.rawValue)=\(value)")
    }
}

/// A `--fault` value that is not a known fault or has a bad value.
public struct FaultParseError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

