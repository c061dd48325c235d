import Foundation

/// One POST of a fixed-size body per arrival, for comparing the client with generic HTTP load tools on the same request.
public struct FixedBodySource: SessionSource {
    let request: [UInt8]
    let bodyBytes: Int

    /// Requests of `bodyBytes` bytes (`x` repeated) to `endpoint`'s path.
    public init(bodyBytes: Int, endpoint: URL) {
        let host = endpoint.port.map { "\(endpoint.host ?? "localhost"):\($0)" } ?? (endpoint.host ?? "localhost")
        let path = endpoint.path.isEmpty ? "/" : endpoint.path
        let head = "POST \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/octet-stream\r\nContent-Length: \(bodyBytes)\r\n\r\n"
        request = Array(head.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: bodyBytes)
        self.bodyBytes = bodyBytes
    }

    public var identity: [String] { ["fixed-body=\(bodyBytes)"] }

    public func requests(forSession number: Int) throws(LoadInputError) -> [PlannedRequest] {
        [PlannedRequest(offset: 0, bytes: request, isUpload: true, bodyBytes: bodyBytes, uncompressedBodyBytes: bodyBytes)]
    }
}
