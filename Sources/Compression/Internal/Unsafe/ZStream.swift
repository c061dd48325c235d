// Why this file is unsafe: it drives zlib's `z_stream`, a C struct that holds raw pointers to
// the input and output buffers and that zlib's own state points back to.
//
// What keeps it correct: the `z_stream` lives in its own heap allocation for the whole life of
// a `ZStream` (zlib checks that it never moves), is set up by `deflateInit2_`/`inflateInit2_`
// and torn down once by the matching `...End` in `deinit`. `next_in` and `next_out` point into
// arrays borrowed with `withUnsafe...BufferPointer` for the duration of the zlib calls that use
// them, with `avail_in`/`avail_out` set to exactly those buffers' sizes; zlib never writes the
// input (the header's `next_in` is not `const`, hence `mutating:`).

import CZlib

/// One zlib compression or decompression stream.
final class ZStream {
    private let stream: UnsafeMutablePointer<z_stream>
    private let inflates: Bool

    private init(inflates: Bool) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        self.inflates = inflates
    }

    /// A compressor at `level` with `windowBits` framing (zlib, gzip or raw).
    static func deflater(level: Int32, windowBits: Int32) -> ZStream {
        let zstream = ZStream(inflates: false)
        let status = deflateInit2_(zstream.stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed with \(status)")
        return zstream
    }

    /// A decompressor for `windowBits` framing, or nil when zlib cannot start one.
    static func inflater(windowBits: Int32) -> ZStream? {
        let zstream = ZStream(inflates: true)
        guard inflateInit2_(zstream.stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            zstream.stream.deinitialize(count: 1)
            zstream.stream.deallocate()
            zstream.ended = true
            return nil
        }
        return zstream
    }

    /// Set when zlib's state was never set up (nothing for `deinit` to end).
    private var ended = false

    deinit {
        guard !ended else { return }
        if inflates { inflateEnd(stream) } else { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// zlib's message for the last error, if it gave one.
    var message: String? { stream.pointee.msg.map { String(cString: $0) } }

    /// Compresses all of `input` in one `deflate(Z_FINISH)` into a buffer of zlib's bound for it.
    func deflateWhole(_ input: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(input.count))) + 32)
        let produced: Int = input.withUnsafeBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
                stream.pointee.avail_in = uInt(inputBuffer.count)
                stream.pointee.next_out = outputBuffer.baseAddress
                stream.pointee.avail_out = uInt(outputBuffer.count)
                let result = deflate(stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "deflate did not finish: \(result)")
                return outputBuffer.count - Int(stream.pointee.avail_out)
            }
        }
        output.removeSubrange(produced...)
        return output
    }

    /// Decompresses `input` a chunk of `chunkSize` bytes at a time, handing `step` each chunk produced,
    /// inflate's status and how many input bytes are left; stops when `step` returns false.
    func inflate(_ input: [UInt8], chunkSize: Int, _ step: (_ produced: ArraySlice<UInt8>, _ status: Int32, _ inputLeft: Int) -> Bool) {
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        input.withUnsafeBufferPointer { inputBuffer in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.pointee.avail_in = uInt(inputBuffer.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.pointee.next_out = chunkBuffer.baseAddress
                    stream.pointee.avail_out = uInt(chunkBuffer.count)
                    let status = CZlib.inflate(stream, Z_NO_FLUSH)
                    return (status, chunkBuffer.count - Int(stream.pointee.avail_out))
                }
                guard step(chunk[0..<produced], status, Int(stream.pointee.avail_in)) else { return }
            }
        }
    }
}
