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
    /// Where a 3xx answer pointed (it is never followed).
    public var redirect: String?
    /// Why no answer came, when none did.
    public var failure: TransportFailure?

    public init(status: Int?, error: String?, waitedSeconds: Double, redirect: String? = nil, failure: TransportFailure? = nil) {
        self.status = status
        self.error = error
        self.waitedSeconds = waitedSeconds
        self.redirect = redirect
        self.failure = failure
    }

    /// The attempt's outcome in words: `answered 503`, `answered 302, a redirect to /x (not followed)`, or the failure.
    public var words: String {
        guard let status else { return error ?? "no answer" }
        guard let redirect else { return "answered \(status)" }
        return "answered \(status), a redirect to \(redirect.isEmpty ? "nowhere" : redirect) (redirects are not followed)"
    }
}

/// How a request fared over all its attempts.
public struct DeliveryReport: Sendable {
    public var attempts: [DeliveryAttempt]
    public var responseBody: [UInt8]
    /// The rule the answer was judged by.
    public var acknowledgement: Acknowledgement = .anySuccess
    /// The run's deadline (in seconds) when it cut the attempts short, else nil.
    public var stoppedByDeadline: Double? = nil
    /// The request line, `POST /v1/batches`, for reports.
    public var request = ""
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
/// Every request keeps `RequestLimits.current`: at most `timeoutSeconds` from
/// connecting to the answer's last byte (an endpoint that drips counts), never
/// past the run's deadline, and no redirect is followed.
///
/// ```swift
/// let transport = Transport(baseURL: server.baseURL, policy: .standard)
/// let report = await transport.send(try adapter.request(for: batch))
/// ```
public final class Transport: Sendable {
    public let baseURL: URL
    public let policy: RetryPolicy
    public let timeoutSeconds: Double
    private let session: URLSession
    /// The one queue for the session's callbacks and the requests' time limits, so a limit's cancel never lands between a redirect and its refusal.
    private let callbacks = DispatchQueue(label: "session-harness.transport")
    /// The jitter's generator, shared by concurrent sends.
    private let random: Mutex<SplitMix64>

    /// `timeoutSeconds` defaults to the current `RequestLimits`.
    public init(baseURL: URL, policy: RetryPolicy = .standard, seed: UInt64 = 1, timeoutSeconds: Double? = nil) {
        self.baseURL = baseURL
        self.policy = policy
        self.timeoutSeconds = timeoutSeconds ?? RequestLimits.current.timeoutSeconds
        random = Mutex(SplitMix64(seed: seed))
        let configuration = URLSessionConfiguration.ephemeral
        // Each request's own limit (below) ends it; URLSession's timeouts are only a backstop behind it, so that its
        // internal timeout cannot race a redirect's refusal (swift-corelibs-foundation traps when the two cross).
        configuration.timeoutIntervalForRequest = self.timeoutSeconds + 5
        configuration.timeoutIntervalForResource = self.timeoutSeconds + 5
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let delegateQueue = OperationQueue()
        delegateQueue.underlyingQueue = callbacks
        delegateQueue.maxConcurrentOperationCount = 1
        session = URLSession(configuration: configuration, delegate: RefusingRedirects(), delegateQueue: delegateQueue)
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

    /// Sends `request`, retrying per the policy and within the run's deadline; never throws, the report says what happened.
    public func send(_ request: HTTPRequestBytes, acknowledgement: Acknowledgement = .anySuccess) async -> DeliveryReport {
        let limits = RequestLimits.current
        let name = "\(request.method) \(request.path.prefix(80))"
        let total = max(1, policy.maximumAttempts)
        var attempts: [DeliveryAttempt] = []
        var wait = 0.0
        var body: [UInt8] = []
        var stoppedByDeadline = false
        for attempt in 0..<total {
            if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
            limits.observer?(.sending(request: name, attempt: attempt + 1, of: total))
            var retryAfter: Double?
            let outcome = await exchange(request)
            switch outcome {
            case .answer(let answer):
                body = answer.body
                retryAfter = answer.headers["retry-after"].flatMap(Self.retryAfterSeconds)
                attempts.append(DeliveryAttempt(status: answer.status, error: nil, waitedSeconds: wait,
                                                redirect: (300..<400).contains(answer.status) ? answer.headers["location"] ?? "" : nil))
            case .failure(let failure):
                body = []
                attempts.append(DeliveryAttempt(status: nil, error: failure.words, waitedSeconds: wait, failure: failure))
                if case .deadlinePassed = failure { stoppedByDeadline = true }
            }
            let status = attempts.last?.status
            if let status, (200..<300).contains(status) { break }
            guard !stoppedByDeadline, attempt + 1 < total, policy.shouldRetry(status: status) else { break }
            wait = nextWait(after: attempt, retryAfter: status == 429 ? retryAfter : nil)
            if wait >= limits.remainingSeconds {
                stoppedByDeadline = true
                break
            }
            limits.observer?(.waiting(request: name, nextAttempt: attempt + 2, of: total, seconds: wait, lastOutcome: attempts.last!.words))
        }
        return DeliveryReport(attempts: attempts, responseBody: body, acknowledgement: acknowledgement,
                              stoppedByDeadline: stoppedByDeadline ? limits.deadlineSeconds : nil, request: name)
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

    /// One request, no retries, for read-back and erasure; a request that gets no answer throws `TransportError` in words.
    func fetch(_ request: HTTPRequestBytes) async throws -> (status: Int, body: [UInt8]) {
        switch await exchange(request) {
        case .answer(let answer):
            if (300..<400).contains(answer.status) {
                throw TransportError("\(request.method) \(request.path) answered \(answer.status), a redirect to \(answer.headers["location"] ?? "nowhere"), which is not followed")
            }
            return (answer.status, answer.body)
        case .failure(let failure):
            throw TransportError("\(request.method) \(request.path): \(failure.words)")
        }
    }

    /// One exchange with the endpoint, ended after `timeoutSeconds` or at the run's deadline, whichever comes first.
    func exchange(_ request: HTTPRequestBytes) async -> Exchange {
        let limits = RequestLimits.current
        let remaining = limits.remainingSeconds
        guard remaining > 0 else { return .failure(.deadlinePassed(limits.deadlineSeconds ?? 0)) }
        let seconds = min(timeoutSeconds, remaining)
        let limitFailure: TransportFailure = seconds < timeoutSeconds ? .deadlinePassed(limits.deadlineSeconds ?? 0) : .timedOut(seconds)
        let urlRequest = urlRequest(request)
        return await withCheckedContinuation { (continuation: CheckedContinuation<Exchange, Never>) in
            let finished = Mutex(false)
            let finish: @Sendable (Exchange) -> Bool = { outcome in
                let first = finished.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: outcome) }
                return first
            }
            let task = session.dataTask(with: urlRequest) { data, response, error in
                if let error {
                    _ = finish(.failure(TransportFailure(error, timeoutSeconds: seconds)))
                } else if let http = response as? HTTPURLResponse {
                    var headers: [String: String] = [:]
                    for (name, value) in http.allHeaderFields {
                        if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
                    }
                    _ = finish(.answer(Answer(status: http.statusCode, headers: headers, body: data.map { [UInt8]($0) } ?? [])))
                } else {
                    _ = finish(.failure(.notHTTP))
                }
            }
            task.resume()
            // Weakly: holding a finished task until the limit passes kept its session, and the session's
            // keep-alive connection, open that long, so a run of many scenarios exhausted the server's connections.
            callbacks.asyncAfter(deadline: .now() + seconds) { [weak task] in
                if finish(.failure(limitFailure)) { task?.cancel() }
            }
        }
    }

    /// An HTTP answer: status, headers by lower-case name, body.
    struct Answer: Sendable {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    enum Exchange: Sendable {
        case answer(Answer)
        case failure(TransportFailure)
    }
}

/// Hands every redirect back as the answer instead of following it: an ingest endpoint that redirects is misconfigured, and a loop must not run on.
///
/// A task its time limit cancelled is not answered: swift-corelibs-foundation
/// traps ("Received callback for HTTP redirection, but we're not waiting for
/// it") when a redirect's completion arrives after a cancel. The limit's cancel
/// runs on the same serial queue as this callback, so the check cannot race it.
private final class RefusingRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        guard task.state == .running else { return }
        completionHandler(nil)
    }
}

