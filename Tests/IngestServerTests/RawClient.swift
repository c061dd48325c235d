import Foundation
@testable import IngestServer
import SessionModel
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP client, for requests URLSession would refuse to send; keeps unread response bytes between reads.
final class RawClient {
    let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeoutSeconds: Double = 5) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(descriptor)
            throw StoreError("connect failed")
        }
        var timeout = timeval(tv_sec: Int(timeoutSeconds), tv_usec: Int(timeoutSeconds.truncatingRemainder(dividingBy: 1) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads one response: status line, headers, Content-Length body.
    func readResponse() -> (status: Int, headers: String, body: String)? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() -> Bool {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return false }
            buffer += chunk[0..<count]
            return true
        }
        while true {
            if let end = RawClient.index(of: [13, 10, 13, 10], in: buffer) {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                let status = Int(head.split(separator: " ")[1]) ?? 0
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .map { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0 } ?? 0
                while buffer.count < end + 4 + length { guard fill() else { break } }
                let stop = min(buffer.count, end + 4 + length)
                let body = String(decoding: buffer[(end + 4)..<stop], as: UTF8.self)
                buffer.removeFirst(stop)
                return (status, head, body)
            }
            guard fill() else { return nil }
        }
    }

    func close() { Glibc.close(descriptor) }
}

extension RawClient {
    static func index(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        return nil
    }
}
