/// Why one request got no HTTP answer, by kind, so a report can count each kind apart.
public enum RequestFailure: String, Sendable, CaseIterable, Comparable {
    /// The endpoint refused the connection.
    case connectRefused = "connect_refused"
    /// Connecting failed otherwise (unreachable, no address, out of descriptors).
    case connectError = "connect_error"
    /// Writing the request failed (reset, broken pipe).
    case writeError = "write_error"
    /// The connection was reset while waiting for the answer.
    case readReset = "read_reset"
    /// The endpoint closed the connection before the answer was complete.
    case readClosed = "read_closed"
    /// The request's deadline passed before its answer's last byte.
    case timeout
    /// The answer was not HTTP/1.1 (or exceeded the size limits).
    case protocolError = "protocol_error"
    /// The TLS handshake failed: a plain-HTTP port behind an `https://` URL, or a certificate not trusted (`https://` only).
    case tlsError = "tls_error"

    public static func < (lhs: RequestFailure, rhs: RequestFailure) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How one request ended: its status or failure, and when it was written and answered (monotonic microseconds).
public struct CompletedRequest: Sendable {
    /// The number the caller gave the request.
    public var token: Int
    /// The HTTP status, or 0 when there was no answer.
    public var status: Int
    public var failure: RequestFailure?
    /// When the first byte of the request was handed to the socket (or the connection attempt began).
    public var startedAt: UInt64
    public var completedAt: UInt64
    /// The answer's body (de-chunked), when the engine was asked to keep bodies; empty otherwise.
    public var body: [UInt8] = []

    public init(token: Int, status: Int, failure: RequestFailure?, startedAt: UInt64, completedAt: UInt64) {
        self.token = token
        self.status = status
        self.failure = failure
        self.startedAt = startedAt
        self.completedAt = completedAt
    }
}
