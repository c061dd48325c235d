// Why this file is unsafe: these are the load client's raw calls (`socket`, `connect`, `send`,
// `recv`, `getsockopt`, `epoll_*`, `getaddrinfo`), which take pointers to C structs and into Swift
// buffers, and descriptor numbers the compiler knows nothing about.
//
// What keeps it correct: every pointer comes from `withUnsafe...` on a local value or array and is
// used only inside that call, with exactly that value's size or the buffer's count less the offset
// already handled; `errno` is read right after the call that set it. Descriptors belong to
// `HTTPLoadClient`, which closes each one exactly once (`Connection.close`).

import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 socket address resolved once, before any connection is opened.
struct ResolvedAddress: Sendable {
    fileprivate var storage: sockaddr_in

    /// The first IPv4 address of `host` (a name or a dotted quad) at `port`; nil when it does not resolve.
    init?(host: String, port: UInt16) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        if inet_pton(AF_INET, host, &address.sin_addr) != 1 {
            var hints = addrinfo()
            hints.ai_family = AF_INET
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list, let found = first.pointee.ai_addr else { return nil }
            defer { freeaddrinfo(list) }
            found.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address.sin_addr = $0.pointee.sin_addr }
        }
        storage = address
    }
}

/// What a non-blocking call did: finished (with a byte count), would block, or failed with an errno.
enum SocketProgress {
    case done(Int)
    case wouldBlock
    case failed(Int32)
}

/// The raw non-blocking socket and epoll calls of the load client.
enum NonBlockingSocket {
    /// Starts connecting a new non-blocking, no-delay socket to `address`: the descriptor and whether the connection is already up.
    static func connect(to address: ResolvedAddress) -> Result<(descriptor: Int32, connected: Bool), Errno> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(Errno(errno)) }
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        var target = address.storage
        let result = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result == 0 { return .success((fd, true)) }
        let error = errno
        if error == EINPROGRESS { return .success((fd, false)) }
        Glibc.close(fd)
        return .failure(Errno(error))
    }

    /// The pending error of a connecting socket, or nil when the connection is up.
    static func pendingError(_ fd: Int32) -> Errno? {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return Errno(errno) }
        return error == 0 ? nil : Errno(error)
    }

    /// Writes what it can of `bytes` from `offset` (no SIGPIPE).
    static func send(_ fd: Int32, _ bytes: [UInt8], from offset: Int) -> SocketProgress {
        bytes.withUnsafeBytes { buffer in
            while true {
                let written = Glibc.send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written >= 0 { return .done(written) }
                let error = errno
                if error == EINTR { continue }
                return error == EAGAIN || error == EWOULDBLOCK ? .wouldBlock : .failed(error)
            }
        }
    }

    /// Reads what has arrived into `scratch` (0 bytes at end of stream).
    static func receive(_ fd: Int32, into scratch: inout [UInt8]) -> SocketProgress {
        scratch.withUnsafeMutableBytes { buffer in
            while true {
                let count = recv(fd, buffer.baseAddress, buffer.count, 0)
                if count >= 0 { return .done(count) }
                let error = errno
                if error == EINTR { continue }
                return error == EAGAIN || error == EWOULDBLOCK ? .wouldBlock : .failed(error)
            }
        }
    }

    static func close(_ fd: Int32) {
        Glibc.close(fd)
    }
}

/// An epoll instance watching sockets edge-triggered for reading and writing, each tagged with a connection number.
final class EventPoll {
    private let descriptor: Int32
    private var events: [epoll_event]

    init(capacity: Int) {
        descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        events = [epoll_event](repeating: epoll_event(), count: max(16, capacity))
    }

    deinit { Glibc.close(descriptor) }

    /// Watches `fd` for readable, writable, hang-up and error, edge-triggered, reporting `tag`.
    func watch(_ fd: Int32, tag: Int) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        event.data.u64 = UInt64(tag)
        epoll_ctl(descriptor, EPOLL_CTL_ADD, fd, &event)
    }

    /// Waits up to `milliseconds` (0: do not wait) and calls `handle` with each ready tag and whether it is readable, writable or failed.
    func wait(milliseconds: Int32, _ handle: (_ tag: Int, _ readable: Bool, _ writable: Bool, _ failed: Bool) -> Void) {
        let count = events.withUnsafeMutableBufferPointer { buffer in
            epoll_wait(descriptor, buffer.baseAddress, Int32(buffer.count), milliseconds)
        }
        guard count > 0 else { return }
        for offset in 0..<Int(count) {
            let flags = events[offset].events
            handle(Int(events[offset].data.u64),
                   flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0,
                   flags & EPOLLOUT.rawValue != 0,
                   flags & EPOLLERR.rawValue != 0)
        }
    }
}

/// An errno value with its name for messages.
struct Errno: Error, Sendable, Equatable {
    var code: Int32
    init(_ code: Int32) { self.code = code }
    var words: String { String(cString: strerror(code)) }
    var isConnectionRefused: Bool { code == ECONNREFUSED }
}

/// Microseconds on the monotonic clock, which never jumps with the wall clock.
public enum MonotonicClock {
    public static func microseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1000
    }
}
