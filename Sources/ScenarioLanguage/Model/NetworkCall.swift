import SessionModel

/// A network call the page makes, as the recorder's network plugin would capture it.
public struct NetworkCall: Sendable, Equatable {
    /// Which browser API made the call.
    public enum API: String, Sendable, Equatable {
        /// `window.fetch`.
        case fetch
        /// `XMLHttpRequest`.
        case xhr
    }

    /// The API used.
    public var api: API
    /// The HTTP method, upper-case.
    public var method: String
    /// The URL as the page wrote it (absolute or relative to the page).
    public var url: String
    /// The response status; ignored when `failure` is set.
    public var status: Int
    /// How long the call took.
    public var duration: Milliseconds
    /// Request headers in order.
    public var requestHeaders: [Header]
    /// The request body, if any.
    public var requestBody: NetworkBody?
    /// Response headers in order.
    public var responseHeaders: [Header]
    /// The response body, if any.
    public var responseBody: NetworkBody?
    /// A network failure message (`net::ERR_CONNECTION_RESET`) instead of a response.
    public var failure: String?

    /// Creates a call; it succeeds with 200 after 100 ms unless told otherwise.
    public init(_ api: API = .fetch, method: String, url: String, status: Int = 200, duration: Milliseconds = 100, requestHeaders: [Header] = [], requestBody: NetworkBody? = nil, responseHeaders: [Header] = [], responseBody: NetworkBody? = nil, failure: String? = nil) {
        self.api = api
        self.method = method
        self.url = url
        self.status = status
        self.duration = duration
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.failure = failure
    }
}

/// One HTTP header; its value may plant canaries (`Bearer {canary token}`).
public struct Header: Sendable, Equatable {
    /// The header name as written.
    public var name: String
    /// The header value.
    public var value: Template

    /// Creates a header.
    public init(_ name: String, _ value: Template) {
        self.name = name
        self.value = value
    }
}

/// A request or response body.
public enum NetworkBody: Sendable, Equatable {
    /// Plain text.
    case text(Template)
    /// A JSON document; its strings may contain `{canary KIND}` markers.
    case json(JSONValue)
}
