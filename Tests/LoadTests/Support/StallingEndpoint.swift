import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A keep-alive loopback HTTP/1.1 endpoint that answers 204 at once, except that it holds every answer during a stall window.
///
/// The stall starts `stallStart` seconds after the first request and lasts
/// `stallSeconds`: an answer due inside the window is sent when it ends, as a
/// server that stops for a garbage collection or a failover would.
final class StallingEndpoint: Sendable {
    let port: UInt16
    private let listener: Int32
    private let stallStart: Double
    private let stallSeconds: Double
    private struct State {
        var stopped = false
        var firstRequest: Double?
        var requests = 0
    }

    private let state = Mutex(State())

    var url: URL { URL(string: "http://127.0.0.1:\(port)/ingest")! }
    var requestCount: Int { state.withLock { $0.requests } }

    init(stallStart: Double, stallSeconds: Double) throws {
        self.stallStart = stallStart
        self.stallSeconds = stallSeconds
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
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

    func stop() {
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
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !isStopped {
            guard let end = received.firstRange(of: Array("\r\n\r\n".utf8)) else {
                let count = recv(connection, &buffer, buffer.count, 0)
                if count <= 0 { return }
                received += buffer[..<count]
                continue
            }
            let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).lowercased()
            let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                line.hasPrefix("content-length:") ? Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) : nil
            }.first ?? 0
            while received.count - end.upperBound < length {
                let count = recv(connection, &buffer, buffer.count, 0)
                if count <= 0 { return }
                received += buffer[..<count]
            }
            received.removeFirst(end.upperBound + length)
            let now = Date().timeIntervalSince1970
            let first = state.withLock { state in
                state.requests += 1
                if state.firstRequest == nil { state.firstRequest = now }
                return state.firstRequest!
            }
            let stallEnd = first + stallStart + stallSeconds
            if now >= first + stallStart, now < stallEnd { Thread.sleep(forTimeInterval: stallEnd - now) }
            let answer = Array("HTTP/1.1 204 No Content\r\nServer: stalling\r\n\r\n".utf8)
            if send(connection, answer, answer.count, Int32(MSG_NOSIGNAL)) != answer.count { return }
        }
    }
}
