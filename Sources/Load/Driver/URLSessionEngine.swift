import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Ingest
import LoadHTTP
import Synchronization

/// The `https://` engine: the same requests through URLSession, at most `connections` at a time.
///
/// URLSession gives TLS but costs far more per request than the socket
/// client (it tops out near a few thousand requests a second per process),
/// so it is used only where the socket client cannot go. Each request's
/// deadline is the session's timeout; a failure is sorted into the same kinds.
public final class URLSessionEngine: RequestEngine {
    private let session: URLSession
    private let origin: String
    private let connections: Int
    private let finished = CompletionQueue()
    private let arrived = DispatchSemaphore(value: 0)
    public private(set) var inFlight = 0
    public var keepsBodies = false

    /// An engine for `endpoint`'s scheme, host and port.
    public init(endpoint: URL, connections: Int, timeoutSeconds: Double) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        session = URLSession(configuration: configuration)
        origin = "\(endpoint.scheme ?? "https")://\(endpoint.host ?? "localhost")" + (endpoint.port.map { ":\($0)" } ?? "")
        self.connections = connections
    }

    deinit { session.invalidateAndCancel() }

    public var hasFreeConnection: Bool { inFlight < connections }
    public var nextDeadline: UInt64? { nil }
    public var connectionsOpened: Int { connections }

    public func send(_ request: [UInt8], token: Int, now: UInt64) -> Bool {
        guard hasFreeConnection else { return false }
        inFlight += 1
        guard let urlRequest = urlRequest(request) else {
            finished.append(CompletedRequest(token: token, status: 0, failure: .protocolError, startedAt: now, completedAt: now))
            arrived.signal()
            return true
        }
        let finished = finished
        let arrived = arrived
        let keepsBodies = keepsBodies
        session.dataTask(with: urlRequest) { data, response, error in
            let end = MonotonicClock.microseconds()
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let failure = error.map(Self.failure)
            var completed = CompletedRequest(token: token, status: failure == nil ? status : 0, failure: failure, startedAt: now, completedAt: end)
            if keepsBodies, let data { completed.body = [UInt8](data) }
            finished.append(completed)
            arrived.signal()
        }.resume()
        return true
    }

    public func poll(waitMicroseconds: UInt64, into results: inout [CompletedRequest]) {
        if finished.isEmpty {
            _ = arrived.wait(timeout: .now() + .microseconds(Int(min(waitMicroseconds, 1_000_000))))
        }
        let taken = finished.takeAll()
        inFlight -= taken.count
        results += taken
    }

    /// The URLRequest for whole HTTP/1.1 request bytes (request line, headers, body).
    private func urlRequest(_ bytes: [UInt8]) -> URLRequest? {
        guard let headEnd = bytes.indices.dropLast(3).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 }) else { return nil }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count == 3, let url = URL(string: origin + requestLine[1]) else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = String(requestLine[0])
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            if name.lowercased() == "host" || name.lowercased() == "content-length" { continue }
            request.setValue(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces), forHTTPHeaderField: name)
        }
        request.httpBody = Data(bytes[(headEnd + 4)...])
        return request
    }

    /// The kind of a URLSession failure, sorted as the rest of the harness sorts them (`TransportFailure`).
    private static func failure(_ error: any Error) -> RequestFailure {
        switch TransportFailure(error, timeoutSeconds: 0) {
        case .timedOut, .deadlinePassed: return .timeout
        case .refused: return .connectRefused
        case .closed: return .readReset
        case .notHTTP: return .protocolError
        case .tls: return .tlsError
        case .hostNotFound, .other: return .connectError
        }
    }
}

/// Requests finished on URLSession's threads, waiting for the driver's thread to take them.
private final class CompletionQueue: Sendable {
    private let list = Mutex<[CompletedRequest]>([])

    var isEmpty: Bool { list.withLock { $0.isEmpty } }

    func append(_ request: CompletedRequest) {
        list.withLock { $0.append(request) }
    }

    func takeAll() -> [CompletedRequest] {
        list.withLock { list in
            defer { list.removeAll(keepingCapacity: true) }
            return list
        }
    }
}
