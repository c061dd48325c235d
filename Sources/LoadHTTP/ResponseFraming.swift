/// Finds where one HTTP/1.1 response ends in the bytes received so far, and its status.
///
/// It re-reads the buffer from the start each time more bytes arrive, which is
/// cheap for the short answers ingest endpoints give; a body is framed by
/// `Content-Length`, by chunked coding, or (neither given) by the end of the
/// connection. Heads over 64 KiB and bodies over `maximumBodyBytes` are malformed.
///
/// ```swift
/// ResponseFraming.frame(Array("HTTP/1.1 204 No Content\r\n\r\n".utf8))   // .complete(status: 204, length: 25, closeAfter: false)
/// ```
public enum ResponseFraming {
    /// What the received bytes amount to so far.
    public enum Outcome: Equatable, Sendable {
        /// Not yet a whole response.
        case incomplete
        /// A whole response of `length` bytes; `closeAfter` when the server will close the connection.
        case complete(status: Int, length: Int, closeAfter: Bool)
        /// The body runs to the end of the connection; complete once it closes.
        case untilClose(status: Int)
        /// Not an HTTP/1.1 response, with why.
        case malformed(String)
    }

    public static let maximumHeadBytes = 64 * 1024
    public static let maximumBodyBytes = 16 * 1024 * 1024

    /// Frames the response at the start of `bytes`; `isHeadRequest` answers carry no body.
    public static func frame(_ bytes: [UInt8], isHeadRequest: Bool = false) -> Outcome {
        guard let headEnd = endOfHead(bytes) else {
            if bytes.count > 7, !startsWithHTTP(bytes) { return .malformed("the answer does not start with 'HTTP/1.'") }
            return bytes.count > maximumHeadBytes ? .malformed("the response head exceeds \(maximumHeadBytes) bytes") : .incomplete
        }
        guard bytes.count >= 12, startsWithHTTP(bytes), bytes[8] == UInt8(ascii: " "),
              let status = threeDigits(bytes[9], bytes[10], bytes[11]) else {
            return .malformed("the status line is not 'HTTP/1.x NNN'")
        }
        var contentLength: Int?
        var chunked = false
        var closeAfter = bytes[7] == UInt8(ascii: "0")
        var lineStart = lineEnd(bytes, from: 0, limit: headEnd) + 2
        while lineStart < headEnd - 2 {
            let end = lineEnd(bytes, from: lineStart, limit: headEnd)
            if let colon = firstColon(bytes, from: lineStart, to: end) {
                var valueStart = colon + 1
                while valueStart < end, bytes[valueStart] == 32 || bytes[valueStart] == 9 { valueStart += 1 }
                if nameEquals(bytes, lineStart, colon, contentLengthName) {
                    guard let length = decimal(bytes, from: valueStart, to: end) else {
                        return .malformed("Content-Length '\(String(decoding: bytes[valueStart..<end], as: UTF8.self))' is not a byte count")
                    }
                    contentLength = length
                } else if nameEquals(bytes, lineStart, colon, transferEncodingName) {
                    chunked = contains(bytes, valueStart, end, chunkedWord)
                } else if nameEquals(bytes, lineStart, colon, connectionName) {
                    if contains(bytes, valueStart, end, closeWord) { closeAfter = true }
                    if contains(bytes, valueStart, end, keepAliveWord) { closeAfter = false }
                }
            }
            lineStart = end + 2
        }
        if isHeadRequest || status == 204 || status == 304 || (100...199).contains(status) {
            return .complete(status: status, length: headEnd, closeAfter: closeAfter)
        }
        if chunked { return chunkedEnd(bytes, from: headEnd, status: status, closeAfter: closeAfter) }
        if let contentLength {
            guard contentLength <= maximumBodyBytes else { return .malformed("the body of \(contentLength) bytes exceeds \(maximumBodyBytes)") }
            return bytes.count - headEnd >= contentLength ? .complete(status: status, length: headEnd + contentLength, closeAfter: closeAfter) : .incomplete
        }
        return .untilClose(status: status)
    }

    /// The body of the whole response in the first `length` of `bytes` (as framed by `frame`), de-chunked when it came in chunks.
    public static func body(of bytes: [UInt8], length: Int) -> [UInt8] {
        guard let headEnd = endOfHead(bytes), headEnd <= length else { return [] }
        var chunked = false
        var lineStart = lineEnd(bytes, from: 0, limit: headEnd) + 2
        while lineStart < headEnd - 2 {
            let end = lineEnd(bytes, from: lineStart, limit: headEnd)
            if let colon = firstColon(bytes, from: lineStart, to: end), nameEquals(bytes, lineStart, colon, transferEncodingName) {
                chunked = contains(bytes, colon + 1, end, chunkedWord)
            }
            lineStart = end + 2
        }
        guard chunked else { return Array(bytes[headEnd..<length]) }
        var body: [UInt8] = []
        var position = headEnd
        while let sizeEnd = crlf(bytes, from: position), sizeEnd < length {
            let sizeText = String(decoding: bytes[position..<sizeEnd], as: UTF8.self).prefix { $0 != ";" }.trimmingSpaces
            guard let size = Int(sizeText, radix: 16), size > 0, sizeEnd + 2 + size <= length else { break }
            body += bytes[(sizeEnd + 2)..<(sizeEnd + 2 + size)]
            position = sizeEnd + 2 + size + 2
        }
        return body
    }

    private static let contentLengthName = Array("content-length".utf8)
    private static let transferEncodingName = Array("transfer-encoding".utf8)
    private static let connectionName = Array("connection".utf8)
    private static let chunkedWord = Array("chunked".utf8)
    private static let closeWord = Array("close".utf8)
    private static let keepAliveWord = Array("keep-alive".utf8)

    private static func startsWithHTTP(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 7 && bytes[0] == 72 && bytes[1] == 84 && bytes[2] == 84 && bytes[3] == 80 && bytes[4] == 47 && bytes[5] == 49 && bytes[6] == 46
    }

    private static func firstColon(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == 58 { return index }
            index += 1
        }
        return nil
    }

    /// Whether `bytes[start..<end]` is `name` (lowercase ASCII), ignoring case.
    private static func nameEquals(_ bytes: [UInt8], _ start: Int, _ end: Int, _ name: [UInt8]) -> Bool {
        guard end - start == name.count else { return false }
        for offset in 0..<name.count where lowercase(bytes[start + offset]) != name[offset] { return false }
        return true
    }

    /// Whether the value `bytes[start..<end]` holds `word`, ignoring case.
    private static func contains(_ bytes: [UInt8], _ start: Int, _ end: Int, _ needle: [UInt8]) -> Bool {
        guard end - start >= needle.count else { return false }
        for begin in start...(end - needle.count) {
            var matches = true
            for offset in 0..<needle.count where lowercase(bytes[begin + offset]) != needle[offset] {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }

    private static func decimal(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        var last = end
        while last > start, bytes[last - 1] == 32 || bytes[last - 1] == 9 { last -= 1 }
        guard last > start, last - start <= 12 else { return nil }
        var value = 0
        for index in start..<last {
            guard (48...57).contains(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - 48)
        }
        return value
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (65...90).contains(byte) ? byte + 32 : byte
    }

    /// The index just past the blank line ending the head, or nil when it has not arrived.
    private static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = 3
        let limit = min(bytes.count, maximumHeadBytes + 4)
        while index < limit {
            if bytes[index] == 10, bytes[index - 1] == 13, bytes[index - 2] == 10, bytes[index - 3] == 13 { return index + 1 }
            index += 1
        }
        return nil
    }

    private static func lineEnd(_ bytes: [UInt8], from start: Int, limit: Int) -> Int {
        var index = start
        while index + 1 < limit, !(bytes[index] == 13 && bytes[index + 1] == 10) { index += 1 }
        return index
    }

    private static func chunkedEnd(_ bytes: [UInt8], from start: Int, status: Int, closeAfter: Bool) -> Outcome {
        var position = start
        var bodyBytes = 0
        while true {
            guard let sizeEnd = crlf(bytes, from: position) else { return .incomplete }
            let sizeText = String(decoding: bytes[position..<sizeEnd], as: UTF8.self).prefix { $0 != ";" }.trimmingSpaces
            guard let size = Int(sizeText, radix: 16), size >= 0 else { return .malformed("chunk size '\(sizeText)' is not hexadecimal") }
            bodyBytes += size
            guard bodyBytes <= maximumBodyBytes else { return .malformed("the chunked body exceeds \(maximumBodyBytes) bytes") }
            position = sizeEnd + 2
            if size == 0 {
                // Trailer lines, then the blank line.
                while true {
                    guard let end = crlf(bytes, from: position) else { return .incomplete }
                    if end == position { return .complete(status: status, length: end + 2, closeAfter: closeAfter) }
                    position = end + 2
                }
            }
            guard bytes.count >= position + size + 2 else { return .incomplete }
            guard bytes[position + size] == 13, bytes[position + size + 1] == 10 else { return .malformed("a chunk does not end with CRLF") }
            position += size + 2
        }
    }

    private static func crlf(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    private static func threeDigits(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        let zero = UInt8(ascii: "0")
        guard (zero...zero + 9).contains(a), (zero...zero + 9).contains(b), (zero...zero + 9).contains(c) else { return nil }
        return Int(a - zero) * 100 + Int(b - zero) * 10 + Int(c - zero)
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
