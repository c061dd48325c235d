import Compression
import Foundation
import SessionModel

/// Searches stored bytes for planted canary values in any encoding a leak could take.
///
/// Forms tried: as is, case-folded, JSON-escaped, percent-encoded, base64 (at all
/// three alignments, so a canary inside a longer base64 text is found), and
/// inside gzip/zlib streams found anywhere in the bytes, including PostHog's
/// gzip-as-Latin-1 strings in JSON, recursively.
///
/// ```swift
/// let hits = CanaryScan(canaries: ["4111111111111111"]).scan(storedBytes)
/// ```
public struct CanaryScan: Sendable {
    /// A canary found, and in which form.
    public struct Hit: Sendable, Equatable, CustomStringConvertible {
        public var canary: String
        public var form: String
        public var description: String { "\(canary) found \(form)" }
    }

    public var canaries: [String]
    /// How deep compressed data inside compressed data is followed.
    public var maximumDepth = 3

    public init(canaries: [String]) {
        self.canaries = canaries
    }

    /// Every canary found in `bytes`, each once, in canary order.
    public func scan(_ bytes: [UInt8]) -> [Hit] {
        var hits: [Hit] = []
        for canary in canaries {
            if let form = find(canary, in: bytes, depth: 0) { hits.append(Hit(canary: canary, form: form)) }
        }
        return hits
    }

    /// Scans stored batches as the canonical JSON the server keeps.
    public func scan(_ batches: [UploadBatch]) -> [Hit] {
        var writer = JSONWriter()
        writer.writeArray(batches)
        return scan(writer.bytes)
    }

    func find(_ canary: String, in bytes: [UInt8], depth: Int) -> String? {
        for (form, needle) in Self.forms(of: canary) where Self.contains(bytes, needle) { return form }
        let lowered = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        if Self.contains(lowered, Array(canary.lowercased().utf8)) { return "case-folded" }
        guard depth < maximumDepth else { return nil }
        for stream in Self.compressedStreams(in: bytes) {
            if let form = find(canary, in: stream, depth: depth + 1) { return "inside compressed data (\(form))" }
        }
        // gzip stored as a Latin-1 string inside JSON (PostHog "cv" events): decode JSON strings back to bytes.
        if let json = try? JSONReader.parse(bytes) {
            for text in Self.strings(in: json) where text.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) {
                let latin1 = text.unicodeScalars.map { UInt8($0.value) }
                guard latin1.count > 2, Self.contains(latin1, [0x1F, 0x8B]) || latin1.first == 0x78 else { continue }
                for stream in Self.compressedStreams(in: latin1) {
                    if let form = find(canary, in: stream, depth: depth + 1) { return "inside a Latin-1 gzip string (\(form))" }
                }
            }
        }
        return nil
    }

    static func forms(of canary: String) -> [(String, [UInt8])] {
        let utf8 = Array(canary.utf8)
        var forms: [(String, [UInt8])] = [("as is", utf8)]
        let quoted = JSONWriter.canonicalString(.string(canary))
        forms.append(("JSON-escaped", Array(quoted.dropFirst().dropLast().utf8)))
        forms.append(("percent-encoded", Array(PercentCoding.encode(canary).utf8)))
        for offset in 0..<3 {
            // Base64 of the canary preceded by `offset` unknown bytes: drop the characters those bytes touch.
            let padded = [UInt8](repeating: 0, count: offset) + utf8
            var encoded = Array(Data(padded).base64EncodedString().utf8)
            let skip = offset == 0 ? 0 : (offset == 1 ? 2 : 3)
            encoded.removeFirst(min(skip, encoded.count))
            while encoded.last == UInt8(ascii: "=") { encoded.removeLast() }
            if encoded.count > 1 { encoded.removeLast() }  // the last character may mix in following bytes
            if encoded.count >= 4 { forms.append(("base64", encoded)) }
        }
        return forms
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Decompressed contents of every gzip (`1f 8b`) or zlib (`78 01/5e/9c/da`) stream that starts somewhere in `bytes`.
    static func compressedStreams(in bytes: [UInt8]) -> [[UInt8]] {
        var streams: [[UInt8]] = []
        var index = 0
        while index + 1 < bytes.count {
            let a = bytes[index], b = bytes[index + 1]
            var format: Zlib.Format?
            if a == 0x1F, b == 0x8B { format = .gzip }
            if a == 0x78, [0x01, 0x5E, 0x9C, 0xDA].contains(b) { format = .zlib }
            if let format, let plain = try? Zlib.decompress(Array(bytes[index...]), format: format, limit: 64 << 20, ignoringTrailingData: true) {
                streams.append(plain)
            }
            index += 1
        }
        return streams
    }


    /// Every string value in a JSON document, depth first.
    static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .array(let items): return items.flatMap(strings(in:))
        case .object(let object): return object.members.flatMap { strings(in: $0.value) }
        default: return []
        }
    }
}
