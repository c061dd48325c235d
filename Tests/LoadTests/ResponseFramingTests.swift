import LoadHTTP
import Testing

@Suite struct ResponseFramingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: String
        var expected: ResponseFraming.Outcome
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "204 without body", bytes: "HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n", expected: .complete(status: 204, length: 38, closeAfter: false)),
        Case(name: "content-length body", bytes: "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello",
             expected: .complete(status: 200, length: 43, closeAfter: false)),
        Case(name: "connection close", bytes: "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
             expected: .complete(status: 503, length: 59, closeAfter: true)),
        Case(name: "HTTP/1.0 closes", bytes: "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", expected: .complete(status: 200, length: 40, closeAfter: true)),
        Case(name: "chunked with trailer", bytes: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;x=y\r\n!\r\n0\r\nT: v\r\n\r\n",
             expected: .complete(status: 200, length: 78, closeAfter: false)),
        Case(name: "body until close", bytes: "HTTP/1.1 200 OK\r\n\r\nstream", expected: .untilClose(status: 200)),
    ]

    @Test(arguments: cases)
    func framesWholeResponses(_ test: Case) {
        #expect(ResponseFraming.frame(Array(test.bytes.utf8)) == test.expected)
    }

    @Test(arguments: cases)
    func everyPrefixIsIncomplete(_ test: Case) {
        let bytes = Array(test.bytes.utf8)
        for end in 0..<bytes.count {
            let outcome = ResponseFraming.frame(Array(bytes[..<end]))
            if case .untilClose = test.expected, case .untilClose = outcome { continue }
            #expect(outcome == .incomplete, "prefix of \(end) bytes")
        }
    }

    @Test(arguments: cases.filter { if case .complete = $0.expected { true } else { false } })
    func aSecondResponseAfterTheFirstIsLeftAlone(_ test: Case) {
        let bytes = Array(test.bytes.utf8)
        #expect(ResponseFraming.frame(bytes + bytes) == test.expected)
    }

    @Test(arguments: [
        ("not http", "SSH-2.0-OpenSSH_9\r\n\r\n"), ("bad status", "HTTP/1.1 2x4 Oops\r\n\r\n"),
        ("bad length", "HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n"), ("bad chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
    ])
    func refusesWhatIsNotHTTP(_ name: String, _ text: String) {
        guard case .malformed = ResponseFraming.frame(Array(text.utf8)) else {
            Issue.record("\(name) was not refused")
            return
        }
    }
}

/// The body handed back for an acknowledgement judged by its body.
@Suite struct ResponseBodyTests {
    @Test func aLengthFramedBodyIsTheBytesAfterTheHead() {
        let response = Array("HTTP/1.1 200 OK\r\nContent-Length: 19\r\n\r\n{\"status\":\"stored\"}".utf8)
        #expect(String(decoding: ResponseFraming.body(of: response, length: response.count), as: UTF8.self) == #"{"status":"stored"}"#)
    }

    @Test func aChunkedBodyIsDeChunked() {
        let response = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\n{\"sta\r\ne\r\ntus\":\"stored\"}\r\n0\r\n\r\n".utf8)
        #expect(String(decoding: ResponseFraming.body(of: response, length: response.count), as: UTF8.self) == #"{"status":"stored"}"#)
    }
}
