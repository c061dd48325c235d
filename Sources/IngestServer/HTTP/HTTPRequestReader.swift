import Compression
import Foundation
import Ingest
import SessionModel
#if canImport(Glibc)
import Glibc
#endif

/// Limits the reference server enforces on every request.
public struct HTTPLimits: Sendable, Equatable {
    /// Request line plus headers, in bytes.
    public var maximumHeaderBytes: Int = 16 * 1024
    /// Header fields in one request head (trailers count against `maximumHeaderBytes`).
    public var maximumHeaderCount: Int = 100
    /// The body as sent (before decompression), in bytes.
    public var maximumBodyBytes: Int = 8 * 1024 * 1024
    /// The body after `Content-Encoding` is undone, in bytes.
    public var maximumDecompressedBytes: Int = 32 * 1024 * 1024
    /// Connections served at once; more get 503 and are closed.
    public var maximumConnections: Int = 64
    /// JSON nesting a batch body may have: room for a page as deep as the scenario HTML parser allows
    /// (`Markup.HTMLParser.maximumDepth`, 256 elements, two JSON levels each: node and `childNodes`)
    /// inside a batch, its event and its snapshot, so any page the simulator can record is accepted.
    public var maximumJSONDepth: Int = HTTPLimits.pageJSONDepth(elements: UploadBatch.deepestPage)
    /// Connections accepted past `maximumConnections`, each read for one request only: `/healthz` is answered,
    /// anything else gets 503. More than this get 503 at once.
    public var maximumOverflowConnections: Int = 32
    /// Seconds an overflow connection may take to send its request.
    public var overflowDeadlineSeconds: Double = 1
    /// Seconds a read may wait for the next bytes (also the keep-alive idle timeout).
    public var readTimeoutSeconds: Double = 10
    /// Seconds the request line and headers may take to arrive after their first byte, so a slowloris client
    /// trickling header bytes holds a connection for seconds, not minutes.
    public var headerDeadlineSeconds: Double = 5
    /// Seconds the body may take to arrive after the headers, so a client trickling body bytes is cut off.
    public var requestDeadlineSeconds: Double = 30

    public init() {}

    /// The JSON depth of a batch holding a page `elements` deep, with room for the batch, the event, the
    /// snapshot data, the read-back and log envelopes (a few levels each).
    public static func pageJSONDepth(elements: Int) -> Int {
        UploadBatch.jsonDepth(pageElements: elements)
    }
}

/// Why a request could not be read: the status to answer with and the reason in words.
struct HTTPFailure: Error, Sendable {
    var status: Int
    var message: String
    /// Whether anything can be sent back at all (false when the peer went away).
    var canRespond: Bool = true

    static func closed() -> HTTPFailure { HTTPFailure(status: 0, message: "connection closed", canRespond: false) }
}

/// Reads HTTP/1.1 requests off one blocking socket: head, Content-Length or chunked body, Content-Encoding.
struct HTTPRequestReader {
    let descriptor: Int32
    let limits: HTTPLimits
    private var buffer: [UInt8] = []
    private var deadline: Date = .distantFuture
    /// What the current deadline bounds, for the 408 message.
    private var deadlineMessage = ""

    init(descriptor: Int32, limits: HTTPLimits) {
        self.descriptor = descriptor
        self.limits = limits
    }

    /// Reads the next request; `nil` when the peer closed the connection between requests.
    mutating func next(sendContinue: () -> Void) throws(HTTPFailure) -> HTTPRequest? {
        deadline = .distantFuture
        // Wait for the first byte under the idle timeout only.
        if buffer.isEmpty {
            guard try fill(idle: true) else { return nil }
        }
        deadline = Date().addingTimeInterval(limits.headerDeadlineSeconds)
        deadlineMessage = "request headers took longer than \(limits.headerDeadlineSeconds) s to arrive"
        let headEnd = try readHead()
        deadline = Date().addingTimeInterval(limits.requestDeadlineSeconds)
        deadlineMessage = "request body took longer than \(limits.requestDeadlineSeconds) s to arrive"
        let head = Array(buffer[0..<headEnd])
        buffer.removeFirst(headEnd + 4)
        var request = try Self.parseHead(head, limits: limits)

        let lengthHeaders = request.headers.filter { $0.name.lowercased() == "content-length" }
        let transferEncoding = request.header("Transfer-Encoding")
        if transferEncoding != nil && !lengthHeaders.isEmpty {
            throw HTTPFailure(status: 400, message: "Content-Length and Transfer-Encoding must not both be sent")
        }
        // 100 Continue only once the head is known to be acceptable, so a client is never invited to send a body
        // that will be refused.
        let wantsContinue = request.header("Expect")?.lowercased() == "100-continue"
        var body: [UInt8]
        if let transferEncoding {
            guard transferEncoding.lowercased() == "chunked",
                  request.headers.filter({ $0.name.lowercased() == "transfer-encoding" }).count == 1 else {
                throw HTTPFailure(status: 400, message: "unsupported Transfer-Encoding '\(transferEncoding)'; only one chunked is understood")
            }
            if wantsContinue { sendContinue() }
            body = try readChunkedBody()
        } else if !lengthHeaders.isEmpty {
            let values = Set(lengthHeaders.map { $0.value.trimmingCharacters(in: .whitespaces) })
            guard values.count == 1, let text = values.first, !text.isEmpty, text.count <= 18,
                  text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let length = Int(text)
            else {
                throw HTTPFailure(status: 400, message: "Content-Length must be one decimal number")
            }
            guard length <= limits.maximumBodyBytes else {
                throw HTTPFailure(status: 413, message: "body of \(length) bytes is over the limit of \(limits.maximumBodyBytes)")
            }
            if wantsContinue { sendContinue() }
            body = try readExactly(length)
        } else {
            if request.method == "POST" || request.method == "PUT" {
                throw HTTPFailure(status: 411, message: "a body needs Content-Length or chunked Transfer-Encoding")
            }
            body = []
        }
        if let encoding = request.header("Content-Encoding")?.lowercased(), encoding != "identity" {
            body = try Self.decode(body, encoding: encoding, limit: limits.maximumDecompressedBytes)
        }
        request.body = body
        return request
    }

    /// Undoes `Content-Encoding`, turning a decompression bomb into 413 and corrupt data into 400.
    static func decode(_ body: [UInt8], encoding: String, limit: Int) throws(HTTPFailure) -> [UInt8] {
        let format: Zlib.Format?
        switch encoding {
        case "gzip", "x-gzip": format = .gzip
        case "deflate": format = nil  // HTTP's "deflate" is zlib framing; some clients send raw deflate.
        default: throw HTTPFailure(status: 415, message: "unsupported Content-Encoding '\(encoding)'")
        }
        do {
            if let format { return try Zlib.decompress(body, format: format, limit: limit) }
            do { return try Zlib.decompress(body, format: .zlib, limit: limit) } catch .corrupt { return try Zlib.decompress(body, format: .rawDeflate, limit: limit) }
        } catch .tooLarge {
            throw HTTPFailure(status: 413, message: "decompressed body is over the limit of \(limit) bytes")
        } catch {
            throw HTTPFailure(status: 400, message: "body is not valid \(encoding) data")
        }
    }

    static func parseHead(_ head: [UInt8], limits: HTTPLimits) throws(HTTPFailure) -> HTTPRequest {
        guard let text = String(validating: head, as: UTF8.self) else {
            throw HTTPFailure(status: 400, message: "request head is not UTF-8")
        }
        var lines = text.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }),
              parts[1].hasPrefix("/"), parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0"
        else {
            throw HTTPFailure(status: 400, message: "bad request line")
        }
        guard parts[1].utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPFailure(status: 400, message: "request target must be visible ASCII (percent-encode anything else)")
        }
        guard lines.count <= limits.maximumHeaderCount else {
            throw HTTPFailure(status: 431, message: "\(lines.count) header fields are over the limit of \(limits.maximumHeaderCount)")
        }
        var headers: [HTTPHeader] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw HTTPFailure(status: 400, message: "header line without a colon") }
            let name = String(line[..<colon])
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                throw HTTPFailure(status: 400, message: "bad header name")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else {
                throw HTTPFailure(status: 400, message: "control character in header '\(name)'")
            }
            headers.append(HTTPHeader(name, value))
        }
        if parts[2] == "HTTP/1.1" && !headers.contains(where: { $0.name.lowercased() == "host" }) {
            throw HTTPFailure(status: 400, message: "HTTP/1.1 request without Host")
        }
        return HTTPRequest(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]), headers: headers, body: [])
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Reads until the blank line; returns the index of `\r\n\r\n`.
    private mutating func readHead() throws(HTTPFailure) -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= 4 {
                var index = max(0, searchFrom - 3)
                while index + 3 < buffer.count {
                    if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                        guard index <= limits.maximumHeaderBytes else { break }
                        return index
                    }
                    index += 1
                }
                searchFrom = buffer.count
            }
            if buffer.count > limits.maximumHeaderBytes {
                throw HTTPFailure(status: 431, message: "request head is over the limit of \(limits.maximumHeaderBytes) bytes")
            }
            guard try fill(idle: false) else { throw HTTPFailure.closed() }
        }
    }

    private mutating func readExactly(_ count: Int) throws(HTTPFailure) -> [UInt8] {
        while buffer.count < count {
            guard try fill(idle: false) else { throw HTTPFailure.closed() }
        }
        let bytes = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return bytes
    }

    private mutating func readLine(limit: Int) throws(HTTPFailure) -> String {
        while true {
            if let index = indexOfCRLF() {
                guard index <= limit else { throw HTTPFailure(status: 400, message: "chunk line too long") }
                let line = Array(buffer[0..<index])
                buffer.removeFirst(index + 2)
                return String(decoding: line, as: UTF8.self)
            }
            if buffer.count > limit { throw HTTPFailure(status: 400, message: "chunk line too long") }
            guard try fill(idle: false) else { throw HTTPFailure.closed() }
        }
    }

    private func indexOfCRLF() -> Int? {
        var index = 0
        while index + 1 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    private mutating func readChunkedBody() throws(HTTPFailure) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine(limit: 1024)
            let sizeText = line.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
            guard !sizeText.isEmpty, sizeText.count <= 15, sizeText.utf8.allSatisfy({ PercentCoding.hexValue($0) != nil }),
                  let size = Int(sizeText, radix: 16)
            else {
                throw HTTPFailure(status: 400, message: "bad chunk size '\(line.prefix(40))'")
            }
            if size == 0 { break }
            guard body.count + size <= limits.maximumBodyBytes else {
                throw HTTPFailure(status: 413, message: "chunked body is over the limit of \(limits.maximumBodyBytes) bytes")
            }
            body += try readExactly(size)
            let end = try readExactly(2)
            guard end == [13, 10] else { throw HTTPFailure(status: 400, message: "chunk data not followed by CRLF") }
        }
        // Trailer fields, up to the blank line.
        var trailerBytes = 0
        while true {
            let line = try readLine(limit: limits.maximumHeaderBytes)
            if line.isEmpty { break }
            trailerBytes += line.utf8.count
            if trailerBytes > limits.maximumHeaderBytes { throw HTTPFailure(status: 431, message: "trailers too large") }
        }
        return body
    }

    /// Reads more bytes; false on end of stream. Timeouts become 408 (or a silent close when idle).
    private mutating func fill(idle: Bool) throws(HTTPFailure) -> Bool {
        if Date() > deadline {
            throw HTTPFailure(status: 408, message: deadlineMessage)
        }
        // A read waits no longer than the idle timeout, nor past the deadline of the request being read.
        let remaining = deadline.timeIntervalSinceNow
        Socket.setReceiveTimeout(descriptor, seconds: min(limits.readTimeoutSeconds, remaining))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            switch Socket.receive(descriptor, into: &chunk) {
            case .success(let count) where count > 0:
                buffer.append(contentsOf: chunk[0..<count])
                return true
            case .success:
                return false
            case .failure(let failure) where failure.code == EINTR:
                continue
            case .failure(let failure) where failure.code == EAGAIN || failure.code == EWOULDBLOCK:
                if idle { return false }
                if Date() >= deadline { throw HTTPFailure(status: 408, message: deadlineMessage) }
                throw HTTPFailure(status: 408, message: "client sent nothing for \(Int(limits.readTimeoutSeconds)) s")
            case .failure:
                throw HTTPFailure.closed()
            }
        }
    }
}
