// Why this file is unsafe: it calls `read(2)` into a Swift array's storage through a pointer.
//
// What keeps it correct: the array is resized to hold `chunk` more bytes before the call, the
// pointer comes from `withUnsafeMutableBufferPointer` and is used only inside that call, `read`
// is given exactly the room after the bytes already held, and the array is trimmed back to the
// bytes actually read; the descriptor is one the caller opened and still owns.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum DescriptorReading {
    /// Reads up to `chunk` bytes from `descriptor` onto the end of `bytes`, retrying after a signal:
    /// the count read (0 at the end), or the errno of the read that failed.
    static func readChunk(_ descriptor: Int32, into bytes: inout [UInt8], chunk: Int) -> Result<Int, Errno> {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: chunk))
        let count = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
            while true {
                let got = read(descriptor, buffer.baseAddress! + start, chunk)
                if got < 0, errno == EINTR { continue }
                return got < 0 ? -Int(errno) : got
            }
        }
        bytes.removeLast(chunk - max(0, count))
        return count < 0 ? .failure(Errno(code: Int32(-count))) : .success(count)
    }

    /// An errno value, as the failure of a read.
    struct Errno: Error {
        var code: Int32
    }
}
