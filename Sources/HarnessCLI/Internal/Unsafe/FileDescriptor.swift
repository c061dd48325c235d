// Why this file is unsafe: it calls `write(2)` on a raw file descriptor with a pointer into a
// Swift array's storage.
//
// What keeps it correct: the pointer comes from `withUnsafeBufferPointer` and is used only
// inside that call, and each `write` is given at most the bytes left after `offset`, which
// never passes `count`; the descriptor is one the process keeps open (standard output or error).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FileDescriptor {
    /// Writes all of `bytes` to `descriptor`, retrying after a signal; stops quietly when the descriptor refuses more.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
