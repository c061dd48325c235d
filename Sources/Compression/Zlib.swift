import CZlib

/// gzip, zlib and raw deflate, compress and decompress, with a cap on decompressed size.
///
/// ```swift
/// let packed = try Zlib.compress(Array("hello".utf8), format: .gzip)
/// let plain = try Zlib.decompress(packed, format: .gzip, limit: 1 << 20)
/// ```
public enum Zlib {
    /// The framing around deflate data.
    public enum Format: String, Sendable, CaseIterable {
        /// RFC 1952, `Content-Encoding: gzip`.
        case gzip
        /// RFC 1950, zlib header and Adler-32 (what HTTP calls `deflate`, and what rrweb's packer and Sentry use).
        case zlib
        /// RFC 1951 with no header at all.
        case rawDeflate = "raw-deflate"

        var windowBits: Int32 {
            switch self {
            case .gzip: return 15 + 16
            case .zlib: return 15
            case .rawDeflate: return -15
            }
        }
    }

    /// Why data could not be compressed or decompressed.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The decompressed data would be larger than the limit given.
        case tooLarge(limit: Int)
        /// The input is not valid data of the format, or is cut short.
        case corrupt(String)

        public var description: String {
            switch self {
            case .tooLarge(let limit): return "decompressed data is larger than the limit of \(limit) bytes"
            case .corrupt(let reason): return "compressed data is not valid: \(reason)"
            }
        }
    }

    /// Compresses `bytes` in one go.
    public static func compress(_ bytes: [UInt8], format: Format, level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(&stream, level, Z_DEFLATED, format.windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed with \(status)")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        var input = bytes
        let produced: Int = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "deflate did not finish: \(result)")
                return outputBuffer.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(produced...)
        return output
    }

    /// Decompresses `bytes`, failing rather than growing past `limit` bytes.
    ///
    /// `format: nil` accepts either gzip or zlib framing, told apart by the header.
    /// Bytes after the end of the stream are an error unless `ignoringTrailingData`
    /// (for finding a stream embedded in other data).
    public static func decompress(_ bytes: [UInt8], format: Format?, limit: Int, ignoringTrailingData: Bool = false) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        let windowBits = format?.windowBits ?? (15 + 32)
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = bytes
        let outcome: Failure? = input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, chunkBuffer.count - Int(stream.avail_out))
                }
                if output.count + produced > limit { return .tooLarge(limit: limit) }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    if stream.avail_in != 0, !ignoringTrailingData { return .corrupt("\(stream.avail_in) bytes follow the end of the stream") }
                    return nil
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 { return .corrupt("the stream is cut short") }
                    continue
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    return .corrupt(reason)
                }
            }
        }
        if let outcome { throw outcome }
        return output
    }
}
