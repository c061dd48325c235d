import SessionModel

/// One HTTP request as an adapter builds it: method, path with query, headers in order, and body bytes.
///
/// Adapters return this value so the same request can be sent by `Transport`,
/// written to a fixture file byte for byte, or inspected in a test.
///
/// ```swift
/// let request = ReferenceAdapter().request(for: batch)
/// let wire = request.serialized(host: "127.0.0.1:8080")
/// ```
public struct HTTPRequestBytes: Sendable, Equatable {
    public var method: String
    /// The path and query (`/s/?compression=gzip-js`), starting with `/`.
    public var path: String
    /// Header fields in the order they are sent; `Host` and `Content-Length` are added by `serialized`.
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(method: String, path: String, headers: [HTTPHeader], body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The request as HTTP/1.1 bytes: request line, `Host`, the headers, `Content-Length`, blank line, body.
    public func serialized(host: String) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\n"
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        text += "Content-Length: \(body.count)\r\n\r\n"
        return Array(text.utf8) + body
    }
}

/// One header field, kept with its original spelling.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
