// Why this file is unsafe: it calls `write(2)` on a raw file descriptor with a pointer into a
// Swift array's storage.
//
// What keeps it correct: the pointer comes from `withUnsafeBytes` and is used only inside that
// call, and each `write` is given at most the bytes left after `offset`, which never passes
// `count`; `errno` is read right after the `write` that set it. The descriptor is the caller's,
// open for the whole call (the batch store holds its lock around it).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw file calls of the batch store that take pointers.
enum FileDescriptor {
    /// Writes all of `bytes` to `fd`, retrying after a signal; the `errno` of a failed `write`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Errno? {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return Errno(errno)
                }
                offset += written
            }
            return nil
        }
    }
}
