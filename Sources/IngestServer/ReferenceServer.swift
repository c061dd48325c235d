import Foundation
import Ingest
import SessionModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The embedded reference ingest server: durable, deduplicating, limited, and able to misbehave on request.
///
/// ```swift
/// let server = try ReferenceServer.start(.init(dataDirectory: "/tmp/ingest"))
/// defer { server.stop() }
/// let url = server.baseURL   // http://127.0.0.1:<ephemeral port>
/// ```
///
/// API (JSON; ids are `[A-Za-z0-9_-]{1,128}`):
/// - `POST /v1/batches` with an `UploadBatch` body (gzip/deflate allowed): 200 `{"status":"stored"|"duplicate"}`,
///   409 when the same (session, window, sequence) arrives with other events.
/// - `GET /v1/sessions`: `{"sessions":[{"sessionId","batches","events"}]}`, sorted by id.
/// - `GET /v1/sessions/ID`: `{"sessionId","batches":[...]}` in (window, sequence, page) order; 404 when unknown.
/// - `GET /v1/visitors/ID/sessions`: the sessions holding batches of that visitor or user.
/// - `DELETE /v1/visitors/ID`: erase every batch of that visitor or user: `{"erased":N}`.
/// - `POST /api/PROJECT/envelope/`: a Sentry replay envelope, stored as the batch (replay id, segment id) or the
///   harness ids in its tags; `sentry_key` must equal the ingest token when one is set; other items are dropped.
/// - `GET /healthz`.
public final class ReferenceServer: Sendable {
    /// How to start the server.
    public struct Configuration: Sendable {
        /// Where the batch log lives; a restart on the same directory sees everything acknowledged.
        public var dataDirectory: String
        /// 0 picks a free port.
        public var port: UInt16 = 0
        /// The address to bind; loopback unless told otherwise.
        public var host: String = "127.0.0.1"
        /// Bearer token required for `POST /v1/batches`, if set.
        public var ingestToken: String?
        /// Bearer token required for read-back and erasure, if set.
        public var readToken: String?
        public var limits = HTTPLimits()
        /// Bytes stored per session and in all before batches are refused (413, 507).
        public var quota = StorageQuota()
        public var faults: [FaultMode] = []
        /// Seed for fault decisions (`drop=0.3` drops the same batches every run).
        public var faultSeed: UInt64 = 0x5E55_1014

        public init(dataDirectory: String, port: UInt16 = 0, host: String = "127.0.0.1", ingestToken: String? = nil,
                    readToken: String? = nil, faults: [FaultMode] = []) {
            self.dataDirectory = dataDirectory
            self.port = port
            self.host = host
            self.ingestToken = ingestToken
            self.readToken = readToken
            self.faults = faults
        }
    }

    /// The port actually bound.
    public let port: UInt16
    public let configuration: Configuration
    /// `http://host:port`.
    public var baseURL: URL { URL(string: "http://\(configuration.host):\(port)")! }

    let store: BatchStore
    /// Test hook: sees every request read (after de-chunking and decompression), before it is handled.
    var observe: (@Sendable (HTTPRequest) -> Void)? {
        get { state.withLock { $0.observer } }
        set { state.withLock { $0.observer = newValue } }
    }

    /// What the accept thread, the connection threads and `stop()` share, under one lock.
    private struct State {
        var observer: (@Sendable (HTTPRequest) -> Void)?
        /// Open connections; a connection thread removes its descriptor before closing it.
        var connections: Set<Int32> = []
        /// Connections accepted while `connections` was full, each read for one request: `/healthz` or a 503.
        var overflow: Set<Int32> = []
        var stopped = false
        var random: SplitMix64
    }

    private let state: Mutex<State>
    private let listener: Int32
    private let acceptThreadDone = DispatchSemaphore(value: 0)

    /// Opens the store, binds and starts accepting on a background thread.
    public static func start(_ configuration: Configuration) throws -> ReferenceServer {
        try ReferenceServer(configuration)
    }

    private init(_ configuration: Configuration) throws {
        self.configuration = configuration
        store = try BatchStore(directory: configuration.dataDirectory, quota: configuration.quota,
                               maximumJSONDepth: configuration.limits.maximumJSONDepth + 1)
        state = Mutex(State(random: SplitMix64(seed: configuration.faultSeed)))
        (listener, port) = try Socket.listen(host: configuration.host, port: configuration.port)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "reference-server-accept"
        thread.start()
    }

    /// Stops accepting, closes open connections and waits for the accept thread.
    public func stop() {
        let alreadyStopped = state.withLock { state in
            if state.stopped { return true }
            state.stopped = true
            // Under the lock: a connection thread removes its descriptor (under the lock) before closing it,
            // so no descriptor shut down here can have been closed and reused by someone else.
            for fd in state.connections.union(state.overflow) { Socket.shutdown(fd) }
            return false
        }
        if alreadyStopped { return }
        Socket.shutdown(listener)
        acceptThreadDone.wait()
        Socket.close(listener)
        store.releaseDirectory()
    }

    private func acceptLoop() {
        defer { acceptThreadDone.signal() }
        while true {
            let fd: Int32
            switch Socket.accept(listener) {
            case .success(let accepted):
                fd = accepted
            case .failure(let failure):
                if failure.code == EINTR || failure.code == ECONNABORTED { continue }
                if state.withLock({ $0.stopped }) { return }
                usleep(10_000)
                continue
            }
            let limits = configuration.limits
            let slot = state.withLock { state -> ConnectionSlot in
                if state.connections.count < limits.maximumConnections {
                    if !state.stopped { state.connections.insert(fd) }
                    return .served
                }
                if state.overflow.count < limits.maximumOverflowConnections {
                    if !state.stopped { state.overflow.insert(fd) }
                    return .overflow
                }
                return .refused
            }
            switch slot {
            case .refused:
                Socket.sendAll(fd, HTTPResponse.error(503, "too many connections").serialized(keepAlive: false))
                Socket.close(fd)
            case .overflow:
                Socket.setTimeouts(fd, seconds: limits.overflowDeadlineSeconds)
                let thread = Thread { [self] in serveOverflow(fd) }
                thread.name = "reference-server-overflow"
                thread.start()
            case .served:
                Socket.setTimeouts(fd, seconds: limits.readTimeoutSeconds)
                let thread = Thread { [self] in serve(fd) }
                thread.name = "reference-server-connection"
                thread.start()
            }
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            _ = state.withLock { $0.connections.remove(fd) }
            Socket.close(fd)
        }
        var reader = HTTPRequestReader(descriptor: fd, limits: configuration.limits)
        while true {
            let request: HTTPRequest
            do {
                guard let next = try reader.next(sendContinue: {
                    Socket.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                }) else { return }
                request = next
            } catch {
                if error.canRespond { Socket.sendAll(fd, HTTPResponse.error(error.status, error.message).serialized(keepAlive: false)) }
                return
            }
            observe?(request)
            let response = handle(request)
            let keepAlive = request.keepAlive && response.status < 500
            guard Socket.sendAll(fd, response.serialized(keepAlive: keepAlive)), keepAlive else { return }
        }
    }

    /// Reads one request on a connection accepted over the limit, under a short deadline: `GET /healthz` is
    /// answered, anything else gets 503, so however many slow clients hold the served connections, a health check
    /// still learns the server is up.
    private func serveOverflow(_ fd: Int32) {
        defer {
            _ = state.withLock { $0.overflow.remove(fd) }
            Socket.close(fd)
        }
        var limits = configuration.limits
        limits.readTimeoutSeconds = limits.overflowDeadlineSeconds
        limits.headerDeadlineSeconds = limits.overflowDeadlineSeconds
        limits.maximumBodyBytes = 0
        var reader = HTTPRequestReader(descriptor: fd, limits: limits)
        let request = try? reader.next(sendContinue: {})
        let response: HTTPResponse = request?.method == "GET" && request?.path == "/healthz"
            ? .json(200, #"{"status":"ok"}"#)
            : .error(503, "too many connections: \(limits.maximumConnections) are open; try again later")
        Socket.sendAll(fd, response.serialized(keepAlive: false))
    }

    // MARK: Faults

    private func fault(_ kind: FaultMode.Kind) -> FaultMode? {
        configuration.faults.first { $0.kind == kind }
    }

    /// Whether a rate fault fires for this request (seeded, so repeatable).
    private func fires(_ kind: FaultMode.Kind) -> Bool {
        guard let mode = fault(kind) else { return false }
        return state.withLock { $0.random.unit() } < mode.value
    }

    // MARK: Routing

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        switch (request.method, segments.count) {
        case ("GET", 1) where segments[0] == "healthz":
            return .json(200, #"{"status":"ok"}"#)
        case (_, 2) where segments == ["v1", "batches"]:
            guard request.method == "POST" else { return .error(405, "use POST to ingest a batch") }
            guard authorized(request, token: configuration.ingestToken) else { return .error(401, "missing or wrong ingest token") }
            return ingest(request)
        case (_, 4) where segments[0] == "api" && segments[2] == "envelope" && segments[3] == "":
            guard request.method == "POST" else { return .error(405, "use POST to send an envelope") }
            return ingestEnvelope(request)
        case (_, 2) where segments == ["v1", "sessions"]:
            guard request.method == "GET" else { return .error(405, "use GET to list sessions") }
            guard authorized(request, token: configuration.readToken) else { return .error(401, "missing or wrong read token") }
            return listSessions()
        case (_, 3) where segments[0] == "v1" && segments[1] == "sessions":
            guard request.method == "GET" else { return .error(405, "use GET to read a session") }
            guard authorized(request, token: configuration.readToken) else { return .error(401, "missing or wrong read token") }
            guard Identifier.isValid(segments[2]) else { return .error(400, "session id must match [A-Za-z0-9_-]{1,128}") }
            return readSession(segments[2])
        case (_, 4) where segments[0] == "v1" && segments[1] == "visitors" && segments[3] == "sessions":
            guard request.method == "GET" else { return .error(405, "use GET") }
            guard authorized(request, token: configuration.readToken) else { return .error(401, "missing or wrong read token") }
            guard Identifier.isValid(segments[2]) else { return .error(400, "visitor id must match [A-Za-z0-9_-]{1,128}") }
            return visitorSessions(segments[2])
        case (_, 3) where segments[0] == "v1" && segments[1] == "visitors":
            guard request.method == "DELETE" else { return .error(405, "use DELETE to erase a visitor") }
            guard authorized(request, token: configuration.readToken) else { return .error(401, "missing or wrong read token") }
            guard Identifier.isValid(segments[2]) else { return .error(400, "visitor id must match [A-Za-z0-9_-]{1,128}") }
            return erase(segments[2])
        default:
            return .error(404, "no such resource \(request.path.prefix(200))")
        }
    }

    private func authorized(_ request: HTTPRequest, token: String?) -> Bool {
        guard let token else { return true }
        guard let header = request.header("Authorization"), header.hasPrefix("Bearer ") else { return false }
        return ConstantTime.equals(String(header.dropFirst(7)), token)
    }

    private func ingest(_ request: HTTPRequest) -> HTTPResponse {
        let json: JSONValue
        do {
            json = try JSONReader.parse(request.body, maximumDepth: configuration.limits.maximumJSONDepth)
        } catch {
            return .error(400, "body is not JSON: \(error)")
        }
        return storeBatch(json, userAgent: nil, forwardedFor: request.header("X-Forwarded-For"), stored: #"{"status":"stored"}"#, duplicate: #"{"status":"duplicate"}"#)
    }

    /// Sentry's envelope endpoint: the replay segment is stored as a batch (replay id and segment id as session and
    /// sequence, or the harness ids from the replay event's tags); other items, errors included, are accepted and dropped.
    private func ingestEnvelope(_ request: HTTPRequest) -> HTTPResponse {
        if let token = configuration.ingestToken {
            let key = request.query.first { $0.0 == "sentry_key" }?.1
                ?? request.header("X-Sentry-Auth")?.split(separator: ",").compactMap { part -> String? in
                    let pair = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "Sentry ", with: "")
                    return pair.hasPrefix("sentry_key=") ? String(pair.dropFirst(11)) : nil
                }.first
            guard let key, ConstantTime.equals(key, token) else { return .error(403, "missing or wrong sentry_key") }
        }
        let envelope: SentryEnvelope
        do {
            envelope = try SentryEnvelope(parsing: request.body)
        } catch {
            return .error(400, "body is not a Sentry envelope: \(error)")
        }
        let eventId = envelope.header["event_id"]?.stringValue ?? ""
        let answer = "{\"id\":\(JSONWriter.canonicalString(.string(eventId)))}"
        guard let replayItem = envelope.items.first(where: { $0.type == "replay_event" }),
              let recordingItem = envelope.items.first(where: { $0.type == "replay_recording" }) else {
            return .json(200, answer)
        }
        let replayEvent: JSONValue
        let segment: Int
        let events: [Event]
        do {
            replayEvent = try JSONReader.parse(replayItem.payload, maximumDepth: configuration.limits.maximumJSONDepth)
            (segment, events) = try SentryEnvelope.recording(recordingItem.payload)
        } catch {
            return .error(400, "replay items are not valid: \(error)")
        }
        let tags = replayEvent["tags"]
        let replayId = replayEvent["replay_id"]?.stringValue ?? eventId
        var batch: JSONObject = [
            "sessionId": tags?["harness.session"] ?? .string(replayId),
            "windowId": tags?["harness.window"] ?? .string(replayId),
            "pageId": tags?["harness.page"] ?? "replay",
            "sequence": .integer(Int64(segment)),
            "distinctId": tags?["harness.distinct"] ?? replayEvent["user"]?["id"] ?? "anonymous",
            "origin": tags?["harness.origin"] ?? .string(request.header("Origin") ?? ""),
            "events": .array(events.map(\.jsonValue)),
        ]
        if let user = tags?["harness.user"] ?? replayEvent["user"]?["id"] { batch["userId"] = user }
        return storeBatch(.object(batch), userAgent: request.header("User-Agent"), forwardedFor: request.header("X-Forwarded-For"), stored: answer, duplicate: answer)
    }

    /// Validates, redacts and stores one batch, applying the faults; `stored`/`duplicate` are the 200 bodies.
    private func storeBatch(_ json: JSONValue, userAgent: String?, forwardedFor: String?, stored: String, duplicate: String) -> HTTPResponse {
        var json = json
        if let userAgent, case .object(var object) = json, object["userAgent"] == nil {
            object["userAgent"] = .string(userAgent)
            json = .object(object)
        }
        var batch: UploadBatch
        do {
            batch = try UploadBatch(json: fault(.leak) == nil ? Redaction.redact(batch: json) : json)
        } catch {
            return .error(422, "body is not an upload batch: \(error)")
        }
        for (name, value) in [("sessionId", batch.sessionId), ("windowId", batch.windowId), ("pageId", batch.pageId), ("distinctId", batch.distinctId)]
        where !Identifier.isValid(value) {
            return .error(422, "\(name) must match [A-Za-z0-9_-]{1,128}")
        }
        // A user id is the application's (often an email); it is stored, never used as a path.
        if let userId = batch.userId, userId.isEmpty || userId.utf8.count > 256 || userId.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            return .error(422, "userId must be 1 to 256 bytes with no control characters")
        }
        guard batch.sequence >= 0 else { return .error(422, "sequence must not be negative") }
        if fault(.link) != nil { batch.distinctId = Redaction.fingerprint(batch.userAgent) }
        if fault(.linkByIP) != nil {
            let geo = CustomEvent(tag: "collector-geo", payload: ["clientIp": .string(forwardedFor ?? "127.0.0.1")])
            batch.events.append(Event(timestamp: batch.events.last?.timestamp, data: .custom(geo)))
        }
        if fault(.linkByToken) != nil {
            let sync = CustomEvent(tag: "collector-sync", payload: ["syncId": .string(Redaction.fingerprint(batch.userAgent) + "Q7")])
            batch.events.append(Event(timestamp: batch.events.last?.timestamp, data: .custom(sync)))
        }
        if fires(.serverError) { return .error(503, "injected fault: 5xx") }
        if fires(.rateLimit) {
            var response = HTTPResponse.error(429, "injected fault: rate limited")
            response.headers.append(HTTPHeader("Retry-After", "1"))
            return response
        }
        if fires(.drop) { return .json(200, stored) }
        let outcome: BatchStore.PutOutcome
        do {
            outcome = try store.put(batch)
            if outcome == .stored, fires(.duplicate) { _ = try store.put(batch, force: true) }
        } catch {
            return .error(500, "could not store: \(error)")
        }
        // The answer, not the storing, is what is late: a client that gives up has still been stored.
        if let delay = fault(.delay) { usleep(useconds_t(delay.value * 1000)) }
        if fires(.loseAck) { return .error(500, "injected fault: lose-ack (the batch was stored)") }
        switch outcome {
        case .stored: return .json(200, stored)
        case .duplicate: return .json(200, duplicate)
        case .conflict: return .error(409, "another batch with this session, window and sequence is already stored")
        case .overSessionQuota(let bytes, let limit):
            return .error(413, "session \(batch.sessionId) would hold \(bytes) bytes with this batch, over the per-session quota of \(limit) bytes; nothing was stored")
        case .overTotalQuota(let bytes, let limit):
            return .error(507, "the store would hold \(bytes) bytes with this batch, over the total quota of \(limit) bytes; nothing was stored")
        }
    }

    /// Batches of one session in read-back order: (window, sequence, page), or reversed under the reorder fault.
    func batches(of session: String) throws -> [UploadBatch] {
        var batches = try store.batches(ofSession: session)
        // A stable sort: forced duplicates keep their storage order.
        batches = batches.enumerated().sorted { lhs, rhs in
            let l = lhs.element, r = rhs.element
            if l.windowId != r.windowId { return l.windowId < r.windowId }
            if l.sequence != r.sequence { return l.sequence < r.sequence }
            if l.pageId != r.pageId { return l.pageId < r.pageId }
            return lhs.offset < rhs.offset
        }.map(\.element)
        if fault(.reorder) != nil { batches.reverse() }
        return batches
    }

    private func listSessions() -> HTTPResponse {
        let sessions: [JSONValue] = store.sessionSummaries().map { session in
            ["sessionId": .string(session.id), "batches": .integer(Int64(session.batches)), "events": .integer(Int64(session.events))]
        }
        return HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json")],
                            body: JSONWriter.canonicalBytes(.object(["sessions": .array(sessions)])))
    }

    private func readSession(_ id: String) -> HTTPResponse {
        let batches: [UploadBatch]
        do {
            batches = try self.batches(of: id)
        } catch {
            return .error(500, "could not read session \(id) back: \(error)")
        }
        guard !batches.isEmpty else { return .error(404, "no session \(id)") }
        var writer = JSONWriter()
        writer.writeRaw(Array(#"{"batches":"#.utf8))
        writer.writeArray(batches)
        writer.writeRaw(Array(",\"sessionId\":".utf8))
        writer.write(id)
        writer.writeRaw([UInt8(ascii: "}")])
        return HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json")], body: writer.bytes)
    }

    private func visitorSessions(_ visitor: String) -> HTTPResponse {
        let ids = store.sessions(ofVisitor: visitor)
        return HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json")],
                            body: JSONWriter.canonicalBytes(.object(["sessions": .array(ids.map { .string($0) })])))
    }

    private func erase(_ visitor: String) -> HTTPResponse {
        if fault(.ignoreErasure) != nil { return .json(200, #"{"erased":0}"#) }
        do {
            let count = try store.erase(visitor: visitor)
            return .json(200, "{\"erased\":\(count)}")
        } catch {
            return .error(500, "could not erase: \(error)")
        }
    }
}

/// Where the accept loop puts a new connection.
private enum ConnectionSlot {
    /// Served like any other, keep-alive and all.
    case served
    /// Over the limit: read for one request, `/healthz` or a 503.
    case overflow
    /// Over both limits: 503 at once.
    case refused
}
