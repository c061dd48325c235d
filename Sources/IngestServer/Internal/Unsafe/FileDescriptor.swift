// Why this file is unsafe: it calls `write(2)` and `pread(2)` on a raw file descriptor with a
// pointer into a Swift array's storage.
//
// What keeps it correct: the pointer comes from `withUnsafeBytes` (or `withUnsafeMutableBytes`
// of an array already `count` bytes long) and is used only inside that call, and each call is
// given at most the bytes left after `offset`, which never passes `count`; `errno` is read right
// after the call that set it. The descriptor is the caller's, open for the whole call (the batch
// store holds its lock around it).

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

    /// Reads `count` bytes of `fd` from `offset` on, retrying after a signal; fewer only where the file ends.
    static func read(_ fd: Int32, count: Int, at offset: Int64) -> Result<[UInt8], Errno> {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        let failure: Errno? = bytes.withUnsafeMutableBytes { buffer in
            while filled < count {
                let got = pread(fd, buffer.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled))
                if got < 0 {
                    if errno == EINTR { continue }
                    return Errno(errno)
                }
                if got == 0 { break }
                filled += got
            }
            return nil
        }
        if let failure { return .failure(failure) }
        bytes.removeLast(count - filled)
        return .success(bytes)
    }
}
