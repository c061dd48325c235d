import Foundation
import SessionModel

/// Fetches what an endpoint stored for a session, as `UploadBatch`es in the endpoint's own order.
///
/// Targets that keep no window or sequence (django-rrweb) return one batch per
/// stored page; `DeliveryAccounting` then compares events rather than batches.
public protocol ReadBack: Sendable {
    /// Everything stored under `session`; empty when the endpoint has no such session.
    func batches(session: String) async throws -> [UploadBatch]
    /// The same, knowing the origins the session's batches were sent from (for per-origin tables); the default ignores them.
    func batches(session: String, origins: [String]) async throws -> [UploadBatch]
}

extension ReadBack {
    public func batches(session: String, origins: [String]) async throws -> [UploadBatch] {
        try await batches(session: session)
    }
}

/// Read-back from the reference server's HTTP API, plus its erasure and visitor calls.
public struct ReferenceReadBack: ReadBack {
    public var baseURL: URL
    public var token: String?

    public init(baseURL: URL, token: String? = nil) {
        self.baseURL = baseURL
        self.token = token
    }

    private var headers: [HTTPHeader] { token.map { [HTTPHeader("Authorization", "Bearer \($0)")] } ?? [] }
    private var client: Transport { Transport(baseURL: baseURL, policy: .none) }

    public func batches(session: String) async throws -> [UploadBatch] {
        guard Identifier.isValid(session) else { throw ReadBackError("session id '\(session)' is not [A-Za-z0-9_-]{1,128}") }
        let (status, body) = try await client.get("/v1/sessions/\(session)", headers: headers)
        if status == 404 { return [] }
        guard status == 200 else { throw ReadBackError("GET /v1/sessions/\(session) answered \(status): \(Self.excerpt(body))") }
        return try Self.batches(fromBody: body, path: "GET /v1/sessions/\(session)")
    }

    /// The batches of a 200 answer to `GET /v1/sessions/ID` (`path` names the request in errors).
    static func batches(fromBody body: [UInt8], path: String) throws -> [UploadBatch] {
        // The answer wraps batches in two more levels than the server accepts them with.
        let depth = UploadBatch.jsonDepth(pageElements: UploadBatch.deepestPage) + 2
        guard let json = try? JSONReader.parse(body, maximumDepth: depth), let items = json["batches"]?.arrayValue else {
            throw ReadBackError("\(path) answered 200 with a body that is not {\"batches\": [...]}, so what is stored is unknown: \(Self.excerpt(body))")
        }
        return try items.enumerated().map { index, item in
            do { return try UploadBatch(json: item) } catch { throw ReadBackError("\(path): $.batches[\(index)] is not a batch: \(error)") }
        }
    }

    /// Every session id the server holds, sorted.
    public func sessions() async throws -> [String] {
        let (status, body) = try await client.get("/v1/sessions", headers: headers)
        guard status == 200 else { throw ReadBackError("GET /v1/sessions answered \(status)") }
        return try Self.sessionIds(fromBody: body)
    }

    /// The session ids of a 200 answer to `GET /v1/sessions`.
    static func sessionIds(fromBody body: [UInt8]) throws -> [String] {
        guard let items = (try? JSONReader.parse(body))?["sessions"]?.arrayValue else {
            throw ReadBackError("GET /v1/sessions answered 200 with a body that is not {\"sessions\": [...]}: \(Self.excerpt(body))")
        }
        return items.compactMap { $0["sessionId"]?.stringValue }
    }

    /// The sessions holding data of a visitor or user.
    public func sessions(ofVisitor visitor: String) async throws -> [String] {
        let (status, body) = try await client.get("/v1/visitors/\(visitor)/sessions", headers: headers)
        guard status == 200 else { throw ReadBackError("GET /v1/visitors/\(visitor)/sessions answered \(status)") }
        guard let items = (try? JSONReader.parse(body))?["sessions"]?.arrayValue else {
            throw ReadBackError("GET /v1/visitors/\(visitor)/sessions answered 200 with a body that is not {\"sessions\": [...]}: \(Self.excerpt(body))")
        }
        return items.compactMap(\.stringValue)
    }

    /// The first 200 bytes of a body, control characters escaped, or "(empty)".
    static func excerpt(_ body: [UInt8]) -> String {
        let text = ControlCharacters.excerpt(body)
        return text.isEmpty ? "(empty)" : text
    }

    /// Asks the server to erase everything of a visitor; returns the status.
    public func erase(visitor: String) async throws -> Int {
        try await client.fetch(HTTPRequestBytes(method: "DELETE", path: "/v1/visitors/\(visitor)", headers: headers, body: [])).status
    }
}
