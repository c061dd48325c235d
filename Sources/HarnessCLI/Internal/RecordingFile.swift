import Compression
import SessionModel

/// Reads a recording for `inspect` and `replay`, inflating it first when it is gzip- or zlib-compressed.
///
/// Recordings are often kept compressed (a `.json.gz` export, a batch saved as
/// sent); the first bytes tell, not the file's name. Plain files stream in
/// chunks; a compressed one is inflated whole, under the same 2 GiB limit.
///
/// ```swift
/// let bytes = try RecordingFile.read("session.json.gz")   // the JSON inside
/// ```
enum RecordingFile {
    /// All of the recording at `path`, inflated when compressed.
    static func read(_ path: String) throws(FileFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk(path) { bytes += $0 }
        return bytes
    }

    /// Hands the recording at `path` to `body` in chunks of at most 1 MiB, inflated when compressed.
    static func forEachChunk(_ path: String, _ body: ([UInt8]) -> Void) throws(FileFailure) {
        var compressed: [UInt8]?
        var isFirst = true
        try InputFile.forEachChunk(path, limit: InputFile.recordingLimit, what: "a recording") { chunk in
            if isFirst, compression(of: chunk) != nil { compressed = [] }
            isFirst = false
            if compressed != nil { compressed! += chunk } else { body(chunk) }
        }
        guard let compressed, let format = compression(of: compressed) else { return }
        let plain: [UInt8]
        do throws(Zlib.Failure) {
            plain = try Zlib.decompress(compressed, format: format, limit: InputFile.recordingLimit)
        } catch {
            let name = path == "-" ? "standard input" : ControlCharacters.escaped(path)
            throw FileFailure(reason: "\(name) is \(format.rawValue)-compressed and cannot be inflated: \(error)")
        }
        var start = 0
        while start < plain.count {
            let end = min(start + (1 << 20), plain.count)
            body(Array(plain[start..<end]))
            start = end
        }
    }

    /// The compression `bytes` start with: gzip's magic number, or a zlib header (deflate, check bits right); nil for text.
    ///
    /// Neither can start JSON: 0x1F is a control character, and a zlib header's
    /// first byte is one of `(8HXhx`.
    static func compression(of bytes: [UInt8]) -> Zlib.Format? {
        guard bytes.count >= 2 else { return nil }
        if bytes[0] == 0x1F, bytes[1] == 0x8B { return .gzip }
        if bytes[0] & 0x0F == 8, bytes[0] >> 4 <= 7, (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) % 31 == 0 { return .zlib }
        return nil
    }
}
