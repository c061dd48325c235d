import LoadHTTP

/// What the driver needs from an HTTP client: start a request on a free connection, and collect the ones that finished.
///
/// `HTTPLoadClient` (sockets, for `http://`) and `URLSessionEngine` (for `https://`) are the two.
public protocol RequestEngine: AnyObject {
    var hasFreeConnection: Bool { get }
    var inFlight: Int { get }
    /// The soonest deadline of a request under way.
    var nextDeadline: UInt64? { get }
    /// Connections opened so far, reconnects included.
    var connectionsOpened: Int { get }
    /// Whether answers come back with their bodies, for an acknowledgement judged by the body.
    var keepsBodies: Bool { get set }
    /// Starts `request` (whole HTTP/1.1 bytes); false when every connection is busy.
    func send(_ request: [UInt8], token: Int, now: UInt64) -> Bool
    /// Waits up to `waitMicroseconds` and appends what finished.
    func poll(waitMicroseconds: UInt64, into results: inout [CompletedRequest])
}

extension HTTPLoadClient: RequestEngine {}
