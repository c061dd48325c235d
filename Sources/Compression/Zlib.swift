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
        ZStream.deflater(level: level, windowBits: format.windowBits).deflateWhole(bytes)
    }

    /// Decompresses `bytes`, failing rather than growing past `limit` bytes.
    ///
    /// `format: nil` accepts either gzip or zlib framing, told apart by the header.
    /// Bytes after the end of the stream are an error unless `ignoringTrailingData`
    /// (for finding a stream embedded in other data).
    public static func decompress(_ bytes: [UInt8], format: Format?, limit: Int, ignoringTrailingData: Bool = false) throws(Failure) -> [UInt8] {
        guard let inflater = ZStream.inflater(windowBits: format?.windowBits ?? (15 + 32)) else {
            throw .corrupt("zlib could not start")
        }
        var output: [UInt8] = []
        var outcome: Failure?
        inflater.inflate(bytes, chunkSize: 64 * 1024) { produced, status, inputLeft in
            if output.count + produced.count > limit {
                outcome = .tooLarge(limit: limit)
                return false
            }
            output.append(contentsOf: produced)
            switch status {
            case Z_STREAM_END:
                if inputLeft != 0, !ignoringTrailingData { outcome = .corrupt("\(inputLeft) bytes follow the end of the stream") }
                return false
            case Z_OK:
                return true
            case Z_BUF_ERROR:
                if inputLeft == 0 {
                    outcome = .corrupt("the stream is cut short")
                    return false
                }
                return true
            default:
                outcome = .corrupt(inflater.message ?? "zlib status \(status)")
                return false
            }
        }
        if let outcome { throw outcome }
        return output
    }
}
