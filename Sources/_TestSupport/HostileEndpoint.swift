import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP endpoint that misbehaves on purpose, one way per instance, for the tests of what the client does about it.
///
/// ```swift
/// let endpoint = try HostileEndpoint(.drip(bytesPerSecond: 1))
/// defer { endpoint.stop() }
/// // run against endpoint.url
/// ```
package final class HostileEndpoint: Sendable {
    /// How the endpoint answers every connection.
    package enum Behaviour: Sendable {
        /// Accepts and reads, never answers.
        case silent
        /// A valid 200 answer, one byte every `interval` seconds.
        case drip(interval: Double)
        /// Reads the request, then resets the connection (RST).
        case reset
        /// Answers bytes that are not HTTP, then closes.
        case garbage
        /// Answers an HTTP/0.9-style body with no status line, then closes.
        case http09
        /// A well-formed answer with this status, headers and body.
        case answer(status: Int, headers: [String: String], body: String)
        /// 302 to the same path, forever.
        case redirectLoop
    }

    package let behaviour: Behaviour
    package let port: UInt16
    private let listener: Int32
    private struct State {
        var stopped = false
        var requests = 0
    }

    private let state = Mutex(State())

    package var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// How many connections sent a request so far.
    package var requestCount: Int { state.withLock { $0.requests } }

    package init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EMFILE) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else { close(listener); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.listener = listener
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Closes the listener; connections being served end on their own.
    package func stop() {
        state.withLock { $0.stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func acceptLoop() {
        while !isStopped {
            let connection = accept(listener, nil, nil)
            if connection < 0 { if isStopped { return }; continue }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let path = readRequest(connection) else { return }
        state.withLock { $0.requests += 1 }
        switch behaviour {
        case .silent:
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !isStopped, recv(connection, &buffer, buffer.count, 0) > 0 {}
        case .drip(let interval):
            for byte in Self.response(status: 200, headers: [:], body: #"{"status":"stored"}"#) {
                if isStopped || send(connection, [byte], 1, Int32(MSG_NOSIGNAL)) != 1 { return }
                Thread.sleep(forTimeInterval: interval)
            }
        case .reset:
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        case .garbage:
            write(connection, Array("\u{01}\u{02}garbage \u{7f}not http at all\r\n\r\n".utf8))
        case .http09:
            write(connection, Array("<html><body>hello</body></html>\n".utf8))
        case .answer(let status, let headers, let body):
            write(connection, Self.response(status: status, headers: headers, body: body))
        case .redirectLoop:
            write(connection, Self.response(status: 302, headers: ["Location": path], body: ""))
        }
    }

    /// Reads one request's head and body (by Content-Length); returns its path.
    ///
    /// A TLS ClientHello gets what a plain-HTTP server answers it: 400, then the connection closes.
    private func readRequest(_ connection: Int32) -> String? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if received.first == 0x16 {
                write(connection, Self.response(status: 400, headers: [:], body: "plain HTTP here"))
                return nil
            }
            if let end = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: received[..<end.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    return parts.count == 2 && parts[0].lowercased() == "content-length" ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
                }.first ?? 0
                if received.count - end.upperBound >= length {
                    return head.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
                }
            }
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return nil }
            received += buffer[..<count]
        }
    }

    private func write(_ connection: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBufferPointer { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    static func response(status: Int, headers: [String: String], body: String) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n" + body).utf8)
    }
}
