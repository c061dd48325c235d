// Why this file is unsafe: it calls `write(2)` on a file descriptor with a pointer into a Swift
// array's storage.
//
// What keeps it correct: the pointer comes from `withUnsafeBufferPointer` and is used only inside
// that call, and each `write` is given at most the bytes left after `offset`, which never passes
// `count`; the descriptor is one the caller opened and still owns.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum DescriptorWriting {
    /// Writes all of `bytes` to `descriptor`, retrying after a signal; the errno of the write that failed, or nil.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBufferPointer { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                if written < 0 { return errno }
                if written == 0 { return ENOSPC }
                offset += written
            }
            return nil
        }
    }
}
