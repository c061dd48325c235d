// Why this file is unsafe: these are the reference server's raw socket calls (`socket`, `bind`,
// `listen`, `getsockname`, `accept`, `setsockopt`, `recv`, `send`), which take pointers to C
// structs and into Swift arrays, and a descriptor number the compiler knows nothing about.
//
// What keeps it correct: every pointer comes from `withUnsafe...` on a local value or array and
// is used only inside that call, with the size of exactly that value (`MemoryLayout<T>.size`, the
// array's `count`, or what is left of it after `offset`); `errno` is read right after the call
// that set it, before anything else can change it. Descriptors belong to their caller, which
// closes each one once (the server after its connection thread is done with it, see `stop()`).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Socket {
    /// A TCP socket listening on `host` (IPv4) and `port` (0 picks a free one), with the port actually bound.
    static func listen(host: String, port: UInt16) throws(StoreError) -> (descriptor: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw StoreError("socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            Glibc.close(fd)
            throw StoreError("'\(host)' is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw StoreError("cannot listen on \(host):\(port): \(reason)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// The next connection on `listener`, closed on exec; or the `errno` of the failed `accept`.
    static func accept(_ listener: Int32) -> Result<Int32, Errno> {
        let fd = Glibc.accept(listener, nil, nil)
        guard fd >= 0 else { return .failure(Errno(errno)) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return .success(fd)
    }

    /// Makes a blocking `recv` or `send` on `fd` give up after `seconds`.
    static func setTimeouts(_ fd: Int32, seconds: Double) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds.truncatingRemainder(dividingBy: 1)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Makes a blocking `recv` on `fd` give up after `seconds` (at least a millisecond, as 0 would mean never).
    static func setReceiveTimeout(_ fd: Int32, seconds: Double) {
        let seconds = max(seconds, 0.001)
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds.truncatingRemainder(dividingBy: 1)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads what has arrived on `fd` into the front of `chunk`: how many bytes (0 at end of stream), or the `errno`.
    static func receive(_ fd: Int32, into chunk: inout [UInt8]) -> Result<Int, Errno> {
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count >= 0 ? .success(count) : .failure(Errno(errno))
    }

    /// Sends all of `bytes` on `fd` (no SIGPIPE), retrying after a signal; false when the peer is gone.
    @discardableResult
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Ends both directions of `fd`, waking a thread blocked on it.
    static func shutdown(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}

/// An `errno` value, read right after the call that failed.
struct Errno: Error, Equatable {
    var code: Int32
    init(_ code: Int32) { self.code = code }
}
