import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checks that something accepts TCP connections at an endpoint's host and port before a run sends to it.
///
/// Without it, a run against a dead endpoint spends every retry of every
/// scenario before failing; with it, `run` stops at once with exit 69.
///
/// ```swift
/// EndpointProbe.failure(connectingTo: URL(string: "http://127.0.0.1:9")!, timeoutSeconds: 10)   // "connection refused"
/// ```
enum EndpointProbe {
    /// Nil when a connection opened within `timeoutSeconds`; otherwise why not, in words.
    static func failure(connectingTo url: URL, timeoutSeconds: Double) -> String? {
        guard let host = url.host else { return "the URL has no host" }
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &addresses)
        guard resolved == 0, let first = addresses else {
            return "cannot resolve \(host): \(String(cString: gai_strerror(resolved)))"
        }
        defer { freeaddrinfo(addresses) }
        var reason = "no address for \(host)"
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let address = next?.pointee {
            next = address.ai_next
            switch connect(to: address, timeoutSeconds: timeoutSeconds) {
            case nil: return nil
            case let failure?: reason = failure
            }
        }
        return reason
    }

    /// Nil when a non-blocking connect to `address` completes within the timeout; otherwise why not.
    private static func connect(to address: addrinfo, timeoutSeconds: Double) -> String? {
        let descriptor = socket(address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
                                address.ai_protocol)
        guard descriptor >= 0 else { return words(errno) }
        defer { close(descriptor) }
        if Glibc.connect(descriptor, address.ai_addr, address.ai_addrlen) == 0 { return nil }
        guard errno == EINPROGRESS else { return words(errno) }
        var waiting = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        guard poll(&waiting, 1, Int32(timeoutSeconds * 1000)) > 0 else {
            return "no answer within \(timeoutSeconds.formatted()) s"
        }
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
        return code == 0 ? nil : words(code)
    }

    /// `connection refused` for ECONNREFUSED.
    private static func words(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
