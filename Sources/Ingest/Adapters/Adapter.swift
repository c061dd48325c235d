import Compression
import SessionModel

/// Puts an `UploadBatch` on the wire in one system's format.
///
/// Most formats need one request per batch; the Sentry adapter adds one error
/// envelope per script error the batch carries.
///
/// ```swift
/// let adapter: any Adapter = PostHogAdapter(token: "phc_test")
/// let request = try adapter.request(for: batch)
/// ```
public protocol Adapter: Sendable {
    /// The name used on the command line (`--adapter NAME`).
    var name: String { get }
    /// Every request needed to deliver `batch`, in the order to send them; the first carries the recording.
    func requests(for batch: UploadBatch) throws(AdapterError) -> [HTTPRequestBytes]
    /// The same, knowing the batch's place in the run (page URL, page index, chunk number); the default ignores it.
    func requests(for batch: UploadBatch, context: BatchContext) throws(AdapterError) -> [HTTPRequestBytes]
    /// What an answer to the recording request must look like to count as "stored"; the default is any 2xx.
    var acknowledgement: Acknowledgement { get }
}

extension Adapter {
    public func requests(for batch: UploadBatch, context: BatchContext) throws(AdapterError) -> [HTTPRequestBytes] {
        try requests(for: batch)
    }

    public var acknowledgement: Acknowledgement { .anySuccess }

    /// The request that carries the batch's recording.
    public func request(for batch: UploadBatch) throws(AdapterError) -> HTTPRequestBytes {
        try requests(for: batch)[0]
    }
}

/// A batch or configuration that an adapter cannot put on the wire, in words.
public struct AdapterError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Body compression an adapter can apply.
public enum BodyCompression: String, Sendable, CaseIterable {
    case none
    case gzip
    /// HTTP `deflate`, which is zlib framing.
    case deflate

    func apply(_ body: [UInt8]) -> [UInt8] {
        switch self {
        case .none: return body
        case .gzip: return Zlib.compress(body, format: .gzip)
        case .deflate: return Zlib.compress(body, format: .zlib)
        }
    }

    var contentEncoding: String? {
        switch self {
        case .none: return nil
        case .gzip: return "gzip"
        case .deflate: return "deflate"
        }
    }
}

/// Deterministic ids and times the wire formats need, derived from the batch alone (never from a clock).
enum WireIds {
    /// A 64-bit FNV-1a hash.
    static func fnv(_ text: String, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// 32 lowercase hex digits derived from `text` (or `text` itself when it already is 32 hex digits).
    static func hex32(_ text: String) -> String {
        if text.utf8.count == 32, text.utf8.allSatisfy({ PercentCoding.hexValue($0) != nil && !($0 >= 65 && $0 <= 70) }) { return text }
        return hex16(fnv(text)) + hex16(fnv(text, seed: 0x8422_2325_cbf2_9ce4))
    }

    /// A UUID-shaped string (8-4-4-4-12) from 32 hex digits.
    static func uuid(_ hex: String) -> String {
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    static func hex16(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// ISO 8601 with milliseconds in UTC, computed without Foundation's formatters.
    static func iso8601(milliseconds: Int64) -> String {
        let millis = Int(((milliseconds % 1000) + 1000) % 1000)
        var seconds = (milliseconds - Int64(millis)) / 1000
        let secondOfDay = Int(((seconds % 86400) + 86400) % 86400)
        seconds -= Int64(secondOfDay)
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let z = seconds / 86400 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(Int64(secondOfDay / 3600), 2)):\(pad(Int64(secondOfDay / 60 % 60), 2)):\(pad(Int64(secondOfDay % 60), 2)).\(pad(Int64(millis), 3))Z"
    }

    /// The newest event timestamp of the batch, or 0.
    static func lastTimestamp(_ batch: UploadBatch) -> Int64 {
        batch.events.compactMap(\.timestamp).max() ?? 0
    }

    static func firstTimestamp(_ batch: UploadBatch) -> Int64 {
        batch.events.compactMap(\.timestamp).min() ?? 0
    }

    /// The page's host from the batch's origin (`https://shop.example` → `shop.example`).
    static func host(of origin: String) -> String {
        var rest = Substring(origin)
        if let range = rest.range(of: "://") { rest = rest[range.upperBound...] }
        return String(rest.prefix { $0 != "/" })
    }
}
