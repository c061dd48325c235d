/// A lean HTTP/1.1 client for load: a fixed pool of keep-alive connections over non-blocking sockets, driven by one thread.
///
/// The caller owns the loop: `send` hands a ready-made request to an idle
/// connection (opening it first when needed) and `poll` waits for sockets and
/// returns the requests that finished. Each request has a deadline from the
/// moment it starts until its answer's last byte; connect, write, read and
/// framing failures are reported by kind. No pipelining: one request per
/// connection at a time. Not thread-safe; use it from one thread.
///
/// ```swift
/// let client = try HTTPLoadClient(host: "127.0.0.1", port: 8080, connections: 4, timeoutMicroseconds: 5_000_000)
/// _ = client.send(request.serialized(host: "127.0.0.1:8080"), token: 1, now: MonotonicClock.microseconds())
/// var finished: [CompletedRequest] = []
/// while finished.isEmpty { client.poll(waitMicroseconds: 1_000, into: &finished) }
/// ```
public final class HTTPLoadClient {
    /// Why a client cannot be made.
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    private enum Phase {
        case closed
        case connecting
        case idle
        case busy
    }

    private struct Connection {
        var descriptor: Int32 = -1
        var phase = Phase.closed
        var request: [UInt8] = []
        var written = 0
        var received: [UInt8] = []
        var token = 0
        var startedAt: UInt64 = 0
        var deadline: UInt64 = 0
        var isBusy: Bool { phase == .busy || (phase == .connecting && !request.isEmpty) }
    }

    private let address: ResolvedAddress
    private let timeout: UInt64
    private var connections: [Connection]
    /// Connections free for a request, idle ones last so they are reused first.
    private var free: [Int]
    private let poller: EventPoll
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    private var finished: [CompletedRequest] = []
    /// How many connections have been opened in all (reconnects included).
    public private(set) var connectionsOpened = 0
    /// Whether each answer's body is handed back with it (off by default: most runs judge by status alone).
    public var keepsBodies = false

    /// A client for `host:port` with `connections` connections, none opened yet.
    public init(host: String, port: UInt16, connections count: Int, timeoutMicroseconds: UInt64) throws(SetupError) {
        guard let address = ResolvedAddress(host: host, port: port) else { throw SetupError(description: "cannot resolve '\(host)' to an IPv4 address") }
        self.address = address
        timeout = timeoutMicroseconds
        connections = Array(repeating: Connection(), count: count)
        free = Array((0..<count).reversed())
        poller = EventPoll(capacity: count)
    }

    deinit {
        for index in connections.indices where connections[index].descriptor >= 0 { NonBlockingSocket.close(connections[index].descriptor) }
    }

    /// How many requests are under way.
    public var inFlight: Int { connections.count - free.count }

    /// Whether a connection is free for `send`.
    public var hasFreeConnection: Bool { !free.isEmpty }

    /// Starts `request` (complete HTTP/1.1 bytes) on a free connection; false when every connection is busy.
    public func send(_ request: [UInt8], token: Int, now: UInt64) -> Bool {
        guard let index = free.popLast() else { return false }
        connections[index].request = request
        connections[index].written = 0
        connections[index].received.removeAll(keepingCapacity: true)
        connections[index].token = token
        connections[index].startedAt = now
        connections[index].deadline = now + timeout
        switch connections[index].phase {
        case .idle:
            connections[index].phase = .busy
            write(index, now: now)
        case .closed:
            open(index, now: now)
        case .connecting, .busy:
            preconditionFailure("a connection in the free list is never busy")
        }
        return true
    }

    /// Waits up to `waitMicroseconds` for socket activity and appends every request that finished (answered, failed or past its deadline) to `results`.
    public func poll(waitMicroseconds: UInt64, into results: inout [CompletedRequest]) {
        let milliseconds = Int32(min(waitMicroseconds / 1000, 1000))
        poller.wait(milliseconds: milliseconds) { tag, readable, writable, failed in
            self.handle(tag, readable: readable, writable: writable, failed: failed)
        }
        let now = MonotonicClock.microseconds()
        for index in connections.indices where connections[index].isBusy && connections[index].deadline <= now {
            finish(index, status: 0, failure: .timeout, now: now, keepOpen: false)
        }
        results.append(contentsOf: finished)
        finished.removeAll(keepingCapacity: true)
    }

    /// The soonest deadline of a request under way, to bound the caller's wait.
    public var nextDeadline: UInt64? {
        var soonest: UInt64?
        for connection in connections where connection.isBusy {
            soonest = min(soonest ?? .max, connection.deadline)
        }
        return soonest
    }

    private func open(_ index: Int, now: UInt64) {
        switch NonBlockingSocket.connect(to: address) {
        case .success(let (descriptor, connected)):
            connectionsOpened += 1
            connections[index].descriptor = descriptor
            poller.watch(descriptor, tag: index)
            connections[index].phase = connected ? .busy : .connecting
            if connected { write(index, now: now) }
        case .failure(let error):
            finish(index, status: 0, failure: error.isConnectionRefused ? .connectRefused : .connectError, now: now, keepOpen: false)
        }
    }

    private func handle(_ index: Int, readable: Bool, writable: Bool, failed: Bool) {
        let now = MonotonicClock.microseconds()
        switch connections[index].phase {
        case .connecting:
            guard writable || failed || readable else { return }
            if let error = NonBlockingSocket.pendingError(connections[index].descriptor) {
                finish(index, status: 0, failure: error.isConnectionRefused ? .connectRefused : .connectError, now: now, keepOpen: false)
                return
            }
            connections[index].phase = .busy
            write(index, now: now)
            if readable { read(index, now: now) }
        case .busy:
            if writable, connections[index].written < connections[index].request.count { write(index, now: now) }
            if connections[index].phase == .busy, readable || failed { read(index, now: now) }
        case .idle:
            // The server closed a kept-alive connection (or sent something unasked): drop it quietly.
            if readable || failed { closeIdle(index) }
        case .closed:
            return
        }
    }

    private func write(_ index: Int, now: UInt64) {
        while connections[index].written < connections[index].request.count {
            switch NonBlockingSocket.send(connections[index].descriptor, connections[index].request, from: connections[index].written) {
            case .done(let count): connections[index].written += count
            case .wouldBlock: return
            case .failed: return finish(index, status: 0, failure: .writeError, now: now, keepOpen: false)
            }
        }
    }

    private func read(_ index: Int, now: UInt64) {
        while true {
            switch NonBlockingSocket.receive(connections[index].descriptor, into: &scratch) {
            case .done(0):
                if case .untilClose(let status) = ResponseFraming.frame(connections[index].received) {
                    return finish(index, status: status, failure: nil, now: now, keepOpen: false, length: connections[index].received.count)
                }
                return finish(index, status: 0, failure: .readClosed, now: now, keepOpen: false)
            case .done(let count):
                connections[index].received.append(contentsOf: scratch[0..<count])
                switch ResponseFraming.frame(connections[index].received) {
                case .incomplete, .untilClose: continue
                case .complete(let status, let length, let closeAfter):
                    // No need to read on to EAGAIN: nothing more is asked on this connection until the next
                    // request, and anything arriving later raises a new edge (the idle case drops it).
                    return finish(index, status: status, failure: nil, now: now, keepOpen: !closeAfter, length: length)
                case .malformed:
                    return finish(index, status: 0, failure: .protocolError, now: now, keepOpen: false)
                }
            case .wouldBlock:
                return
            case .failed:
                return finish(index, status: 0, failure: .readReset, now: now, keepOpen: false)
            }
        }
    }

    /// Hands the request back as finished; `length` is how much of what was received is the answer, when it came whole.
    private func finish(_ index: Int, status: Int, failure: RequestFailure?, now: UInt64, keepOpen: Bool, length: Int? = nil) {
        var completed = CompletedRequest(token: connections[index].token, status: status, failure: failure,
                                         startedAt: connections[index].startedAt, completedAt: now)
        if keepsBodies, let length { completed.body = ResponseFraming.body(of: connections[index].received, length: length) }
        finished.append(completed)
        connections[index].request = []
        connections[index].received.removeAll(keepingCapacity: true)
        if keepOpen {
            connections[index].phase = .idle
            free.append(index)
        } else {
            if connections[index].descriptor >= 0 { NonBlockingSocket.close(connections[index].descriptor) }
            connections[index].descriptor = -1
            connections[index].phase = .closed
            free.insert(index, at: 0)
        }
    }

    private func closeIdle(_ index: Int) {
        NonBlockingSocket.close(connections[index].descriptor)
        connections[index].descriptor = -1
        connections[index].phase = .closed
        if let position = free.firstIndex(of: index) {
            free.remove(at: position)
            free.insert(index, at: 0)
        }
    }
}
