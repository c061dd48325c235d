import Foundation
import SessionModel
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One try at delivering a request: the status (nil when no response came), the error, and the wait before it.
public struct DeliveryAttempt: Sendable, Equatable {
    public var status: Int?
    public var error: String?
    /// Seconds waited before this attempt (0 for the first).
    public var waitedSeconds: Double
}

/// How a request fared over all its attempts.
public struct DeliveryReport: Sendable {
    public var attempts: [DeliveryAttempt]
    public var responseBody: [UInt8]
    /// The rule the answer was judged by.
    public var acknowledgement: Acknowledgement = .anySuccess
    /// The last status, or nil when the last attempt got no response.
    public var finalStatus: Int? { attempts.last?.status }
    /// Why an answer whose status the rule accepts is still no acknowledgement: its body failed the rule.
    public var bodyRefusal: String? {
        guard let finalStatus, acknowledgement.accepts(status: finalStatus) else { return nil }
        return acknowledgement.bodyRefusal(responseBody)
    }
    /// The endpoint says it has the data: by default a 2xx; a target's rule may ask for certain statuses and a body.
    public var acknowledged: Bool {
        guard let finalStatus, acknowledgement.accepts(status: finalStatus) else { return false }
        return bodyRefusal == nil
    }
}

/// Sends adapter requests over HTTP with URLSession, retrying the way the SDK model does.
///
/// ```swift
/// let transport = Transport(baseURL: server.baseURL, policy: .standard)
/// let report = await transport.send(try adapter.request(for: batch))
/// ```
public final class Transport: Sendable {
    public let baseURL: URL
    public let policy: RetryPolicy
    private let session: URLSession
    /// The jitter's generator, shared by concurrent sends.
    private let random: Mutex<SplitMix64>

    public init(baseURL: URL, policy: RetryPolicy = .standard, seed: UInt64 = 1, timeoutSeconds: Double = 30) {
        self.baseURL = baseURL
        self.policy = policy
        random = Mutex(SplitMix64(seed: seed))
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Builds the URLRequest for an adapter request relative to `baseURL`.
    public func urlRequest(_ request: HTTPRequestBytes) -> URLRequest {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        // Read-back may follow an absolute URL found in a response (checked against the endpoint's host by the caller).
        let isAbsolute = request.path.hasPrefix("http://") || request.path.hasPrefix("https://")
        var urlRequest = URLRequest(url: URL(string: isAbsolute ? request.path : base + request.path)!)
        urlRequest.httpMethod = request.method
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        if !request.body.isEmpty || request.method == "POST" { urlRequest.httpBody = Data(request.body) }
        return urlRequest
    }

    /// Sends `request`, retrying per the policy; never throws, the report says what happened.
    public func send(_ request: HTTPRequestBytes, acknowledgement: Acknowledgement = .anySuccess) async -> DeliveryReport {
        var attempts: [DeliveryAttempt] = []
        var wait = 0.0
        var body: [UInt8] = []
        for attempt in 0..<max(1, policy.maximumAttempts) {
            if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
            var status: Int?
            var errorText: String?
            var retryAfter: Double?
            do {
                let (data, response) = try await session.data(for: urlRequest(request))
                let http = response as? HTTPURLResponse
                status = http?.statusCode
                body = [UInt8](data)
                if let value = http?.value(forHTTPHeaderField: "Retry-After") { retryAfter = Self.retryAfterSeconds(value) }
            } catch {
                errorText = Self.describe(error)
            }
            attempts.append(DeliveryAttempt(status: status, error: errorText, waitedSeconds: wait))
            if let status, (200..<300).contains(status) { break }
            guard attempt + 1 < policy.maximumAttempts, policy.shouldRetry(status: status) else { break }
            wait = nextWait(after: attempt, retryAfter: status == 429 ? retryAfter : nil)
        }
        return DeliveryReport(attempts: attempts, responseBody: body, acknowledgement: acknowledgement)
    }

    /// The scaled wait after a failed attempt: `Retry-After` when given, else backoff with seeded jitter.
    func nextWait(after attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return retryAfter * policy.timeScale }
        var delay = policy.baseDelay(afterAttempt: attempt)
        if policy.jitter > 0 {
            let unit = random.withLock { $0.unit() }
            delay *= 1 + policy.jitter * (unit * 2 - 1)
        }
        return delay * policy.timeScale
    }

    /// `Retry-After` as seconds: a number of seconds, or an HTTP date relative to now.
    static func retryAfterSeconds(_ value: String) -> Double? {
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    /// A plain GET for read-back clients (no retries).
    func get(_ path: String, headers: [HTTPHeader] = []) async throws -> (status: Int, body: [UInt8]) {
        try await fetch(HTTPRequestBytes(method: "GET", path: path, headers: headers, body: []))
    }

    /// One request, no retries, for read-back and erasure.
    func fetch(_ request: HTTPRequestBytes) async throws -> (status: Int, body: [UInt8]) {
        let (data, response) = try await session.data(for: urlRequest(request))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, [UInt8](data))
    }
}

extension Transport {
    /// Plain words for a failed request: "timed out after 1 s", "connection refused", or the system's own text.
    static func describe(_ error: any Error) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .timedOut: return "timed out"
            case .cannotConnectToHost: return "connection refused"
            case .networkConnectionLost: return "the connection was closed before a response"
            case .cannotFindHost: return "host not found"
            default: return "network error \(urlError.code.rawValue)"
            }
        }
        return String(describing: error)
    }
}
