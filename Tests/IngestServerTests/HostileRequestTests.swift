import Compression
import Foundation
@testable import IngestServer
import SessionModel
import Testing
import _TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The hostile HTTP corpus: each request must get its 4xx (or a closed connection), leave nothing stored, and
/// leave the server serving.
@Suite("Hostile requests")
struct HostileRequestTests {
    /// One hostile request and what it must get; `status` 0 means the server must close without an answer.
    struct Hostile: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var status: Int
        var testDescription: String { name }
    }

    static let ingestToken = "in-tok"
    static let readToken = "read-tok"
    static let auth = "Authorization: Bearer \(ingestToken)\r\n"
    static let readAuth = "Authorization: Bearer \(readToken)\r\n"

    /// A POST to `/v1/batches` with the ingest token, `headers` and `body` as given.
    static func post(_ body: [UInt8], headers: String = "", path: String = "/v1/batches", authorization: String = auth) -> [UInt8] {
        Array("POST \(path) HTTP/1.1\r\nHost: x\r\n\(authorization)\(headers)Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    static func post(_ text: String, headers: String = "") -> [UInt8] { post(Array(text.utf8), headers: headers) }

    static func raw(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// A valid batch body with one member replaced by raw JSON text.
    static func batch(replacing member: String, with json: String) -> [UInt8] {
        var object = Fixture.batch(sequence: 0).jsonValue.objectValue!
        object[member] = nil
        let text = String(decoding: JSONWriter.canonicalBytes(.object(object)), as: UTF8.self)
        return Array(("{\"\(member)\":\(json)," + text.dropFirst()).utf8)
    }

    static let valid = Fixture.batch(sequence: 0).canonicalBytes
    static let gzipBomb = Zlib.compress([UInt8](repeating: UInt8(ascii: " "), count: 40 << 20), format: .gzip)
    static let deflateBomb = Zlib.compress([UInt8](repeating: UInt8(ascii: "a"), count: 40 << 20), format: .zlib)
    static let depthBomb = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)

    static let corpus: [Hostile] = [
        // Request smuggling: Content-Length against Transfer-Encoding.
        Hostile(name: "smuggling: Content-Length then Transfer-Encoding", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), status: 400),
        Hostile(name: "smuggling: Transfer-Encoding then Content-Length", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\nContent-Length: 30\r\n\r\n0\r\n\r\nGET /v1/sessions HTTP/1.1\r\n\r\n"), status: 400),
        Hostile(name: "smuggling: Transfer-Encoding chunked, identity", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"), status: 400),
        Hostile(name: "smuggling: Transfer-Encoding xchunked", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"), status: 400),
        Hostile(name: "smuggling: two Transfer-Encoding headers", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n"), status: 400),
        // Content-Length forms.
        Hostile(name: "negative Content-Length", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: -1\r\n\r\n"), status: 400),
        Hostile(name: "Content-Length with a plus sign", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: +2\r\n\r\n{}"), status: 400),
        Hostile(name: "hexadecimal Content-Length", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: 0x2\r\n\r\n{}"), status: 400),
        Hostile(name: "Content-Length list", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: 2, 2\r\n\r\n{}"), status: 400),
        Hostile(name: "Content-Length with a space inside", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: 1 2\r\n\r\n{}"), status: 400),
        Hostile(name: "empty Content-Length", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: \r\n\r\n"), status: 400),
        Hostile(name: "Content-Length of twenty digits", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: 99999999999999999999\r\n\r\n"), status: 400),
        Hostile(name: "duplicate different Content-Lengths", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: 2\r\nContent-Length: 20\r\n\r\n{}"), status: 400),
        Hostile(name: "duplicate equal Content-Lengths around a body that is no batch", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}"), status: 422),
        Hostile(name: "Content-Length longer than the body sent", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: 500\r\n\r\n{}"), status: 0),
        // Chunked bodies.
        Hostile(name: "negative chunk size", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n"), status: 400),
        Hostile(name: "chunk size overflowing 64 bits", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n{}\r\n0\r\n\r\n"), status: 400),
        Hostile(name: "chunk extension without a semicolon", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\n\r\n2 ext\r\n{}\r\n0\r\n\r\n"), status: 400),
        Hostile(name: "chunk extension of 4 KiB", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\n\r\n2;" + String(repeating: "e", count: 4096) + "\r\n{}\r\n0\r\n\r\n"), status: 400),
        Hostile(name: "chunk data not followed by CRLF", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n"), status: 400),
        Hostile(name: "chunk of 2 GiB announced", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\n\r\n7fffffff\r\n{}"), status: 413),
        Hostile(name: "chunked trailers flood", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n" + String(repeating: "X-T: aaaaaaaaaaaaaaaa\r\n", count: 1000) + "\r\n"), status: 431),
        // Heads.
        Hostile(name: "header flood of 3,000 headers", bytes: raw("GET /healthz HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-A: b\r\n", count: 3000) + "\r\n"), status: 431),
        Hostile(name: "header flood of 200 short headers under the byte limit", bytes: raw("GET /healthz HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-A: b\r\n", count: 200) + "\r\n"), status: 431),
        Hostile(name: "request target of 20 KB", bytes: raw("GET /" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), status: 431),
        Hostile(name: "header name with a space", bytes: raw("GET /healthz HTTP/1.1\r\nHost: x\r\nBad Name: x\r\n\r\n"), status: 400),
        Hostile(name: "space before the colon", bytes: raw("GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n"), status: 400),
        Hostile(name: "header line without a colon", bytes: raw("GET /healthz HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n"), status: 400),
        Hostile(name: "NUL in a header value", bytes: raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n"), status: 400),
        Hostile(name: "NUL in the request target", bytes: raw("GET /healthz\u{0} HTTP/1.1\r\nHost: x\r\n\r\n"), status: 400),
        Hostile(name: "NUL in the method", bytes: raw("G\u{0}T /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), status: 400),
        Hostile(name: "escape sequence in the request target", bytes: raw("GET /v1/sessions/\u{1B}[2J HTTP/1.1\r\nHost: x\r\n\r\n"), status: 400),
        Hostile(name: "bare LF line ends, never a CRLF head", bytes: raw("GET /healthz HTTP/1.1\nHost: x\n\n"), status: 0),
        Hostile(name: "invalid UTF-8 in a header", bytes: raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ") + [0xC3, 0x28] + raw("\r\n\r\n"), status: 400),
        Hostile(name: "overlong UTF-8 slash in the target", bytes: raw("GET /v1/sessions/") + [0xC0, 0xAF] + raw("etc HTTP/1.1\r\nHost: x\r\n\r\n"), status: 400),
        Hostile(name: "HTTP/2 preface", bytes: raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), status: 400),
        Hostile(name: "HTTP/0.9 request", bytes: raw("GET /healthz\r\n\r\n"), status: 400),
        Hostile(name: "absolute-form target", bytes: raw("GET http://x/healthz HTTP/1.1\r\nHost: x\r\n\r\n"), status: 400),
        Hostile(name: "Expect 100-continue with a body over the limit", bytes: raw("POST /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Expect: 100-continue\r\nContent-Length: 9000000\r\n\r\n"), status: 413),
        // Ids that could escape a path.
        Hostile(name: "traversal in a session path", bytes: raw("GET /v1/sessions/.. HTTP/1.1\r\nHost: x\r\n\(readAuth)\r\n"), status: 400),
        Hostile(name: "percent-encoded traversal in a session path", bytes: raw("GET /v1/sessions/%2e%2e%2f%2e%2e HTTP/1.1\r\nHost: x\r\n\(readAuth)\r\n"), status: 400),
        Hostile(name: "traversal in a visitor path", bytes: raw("GET /v1/visitors/..%00/sessions HTTP/1.1\r\nHost: x\r\n\(readAuth)\r\n"), status: 400),
        Hostile(name: "traversal in an erasure", bytes: raw("DELETE /v1/visitors/.. HTTP/1.1\r\nHost: x\r\n\(readAuth)\r\n"), status: 400),
        Hostile(name: "traversal in a batch's session id", bytes: post(batch(replacing: "sessionId", with: #""../../etc/passwd""#)), status: 422),
        Hostile(name: "NUL in a batch's window id", bytes: post(batch(replacing: "windowId", with: #""win\u00001""#)), status: 422),
        Hostile(name: "slash in a batch's page id", bytes: post(batch(replacing: "pageId", with: #""a/b""#)), status: 422),
        Hostile(name: "id of 129 characters", bytes: post(batch(replacing: "sessionId", with: "\"" + String(repeating: "s", count: 129) + "\"")), status: 422),
        Hostile(name: "user id with a control character", bytes: post(batch(replacing: "userId", with: #""a\u001bb""#)), status: 422),
        Hostile(name: "negative sequence", bytes: post(batch(replacing: "sequence", with: "-1")), status: 422),
        Hostile(name: "sequence of 1e400", bytes: post(batch(replacing: "sequence", with: "1e400")), status: 400),
        // Bodies.
        Hostile(name: "invalid UTF-8 in the JSON body", bytes: post(batch(replacing: "origin", with: "\"\u{FFFD}\"").map { $0 == 0xEF ? 0xFF : $0 }), status: 400),
        Hostile(name: "overlong UTF-8 in the JSON body", bytes: post(Array(#"{"sessionId":""#.utf8) + [0xC0, 0xAE, 0xC0, 0xAE] + Array(#""}"#.utf8)), status: 400),
        Hostile(name: "gzip bomb", bytes: post(gzipBomb, headers: "Content-Encoding: gzip\r\n"), status: 413),
        Hostile(name: "deflate bomb", bytes: post(deflateBomb, headers: "Content-Encoding: deflate\r\n"), status: 413),
        Hostile(name: "corrupt gzip", bytes: post([0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7], headers: "Content-Encoding: gzip\r\n"), status: 400),
        Hostile(name: "two content codings", bytes: post(Zlib.compress(valid, format: .gzip), headers: "Content-Encoding: gzip, gzip\r\n"), status: 415),
        Hostile(name: "JSON depth bomb", bytes: post(depthBomb), status: 400),
        Hostile(name: "JSON depth bomb, gzipped", bytes: post(Zlib.compress(depthBomb, format: .gzip), headers: "Content-Encoding: gzip\r\n"), status: 400),
        Hostile(name: "body of 9 MB", bytes: post([UInt8](repeating: UInt8(ascii: " "), count: 9_000_000)), status: 413),
        Hostile(name: "batch JSON followed by garbage", bytes: post(valid + Array("garbage".utf8)), status: 400),
        // Tokens.
        Hostile(name: "no ingest token", bytes: post(valid, authorization: ""), status: 401),
        Hostile(name: "wrong ingest token", bytes: post(valid, authorization: "Authorization: Bearer in-toK\r\n"), status: 401),
        Hostile(name: "ingest token with a Basic scheme", bytes: post(valid, authorization: "Authorization: Basic \(ingestToken)\r\n"), status: 401),
        Hostile(name: "ingest token with a suffix", bytes: post(valid, authorization: "Authorization: Bearer \(ingestToken)x\r\n"), status: 401),
        Hostile(name: "read token used to ingest", bytes: post(valid, authorization: readAuth), status: 401),
        Hostile(name: "ingest token used to read", bytes: raw("GET /v1/sessions HTTP/1.1\r\nHost: x\r\n\(auth)\r\n"), status: 401),
        Hostile(name: "ingest token used to erase", bytes: raw("DELETE /v1/visitors/visitor-1 HTTP/1.1\r\nHost: x\r\n\(auth)\r\n"), status: 401),
        Hostile(name: "Sentry envelope with a wrong sentry_key", bytes: post(Array("{}\n".utf8), path: "/api/1/envelope/?sentry_key=nope", authorization: ""), status: 403),
        Hostile(name: "wrong method on batches", bytes: raw("PUT /v1/batches HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: 0\r\n\r\n"), status: 405),
    ]

    @Test("each hostile request gets its 4xx or a closed connection, nothing is stored, and the server keeps serving", arguments: corpus)
    func hostile(_ testCase: Hostile) throws {
        let server = try Fixture.server(ingestToken: Self.ingestToken, readToken: Self.readToken) {
            $0.limits.readTimeoutSeconds = 2
        }
        defer { server.stop() }
        let client = try RawClient(port: server.port, timeoutSeconds: 5)
        client.send(testCase.bytes)
        // The request ends here, so a server waiting for more gets end of stream instead of a timeout.
        _ = Glibc.shutdown(client.descriptor, Int32(SHUT_WR))
        let response = client.readResponse()
        client.close()
        if testCase.status == 0 {
            #expect(response == nil, "expected the connection closed, got \(response?.status ?? 0) \(response?.body ?? "")")
        } else {
            #expect(response?.status == testCase.status, "\(response?.body ?? "no answer")")
        }
        let stored = try server.store.all()
        #expect(stored.isEmpty, "a hostile request stored \(stored.count) batch(es)")
        let next = try RawClient(port: server.port)
        next.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(next.readResponse()?.status == 200)
        next.close()
    }

    @Test("the corpus is at least 50 requests, and a valid batch through the same path is stored")
    func corpusIsLargeAndTheHarnessWorks() throws {
        #expect(Self.corpus.count >= 50)
        let server = try Fixture.server(ingestToken: Self.ingestToken, readToken: Self.readToken)
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send(Self.post(Self.valid))
        #expect(client.readResponse()?.status == 200)
        client.close()
        #expect(try server.store.all().count == 1)
    }
}
