import Foundation
import SessionModel

/// Searches bytes for planted canary values in every encoding a leak could take, all canaries in one pass.
///
/// One Aho-Corasick automaton holds every canary's predictable forms (plain in
/// any ASCII case, base64 at three alignments standard and URL-safe, hex,
/// UTF-16LE/BE). The same pass notes where other decodings are needed and
/// searches their views with the same automaton: windows with URL, JSON `\u`
/// or HTML escapes (mixed freely, decoded repeatedly), gzip, zlib and raw
/// deflate streams (inflated recursively, bounded), base64 text that holds
/// compressed or binary data, PostHog's gzip-as-Latin-1 strings, and card
/// numbers with their separators changed. Each finding names the canary, the
/// capture path, the place (document, JSON path, byte offset) and the chain of
/// decodings.
///
/// ```swift
/// let scan = CanaryScan(canaries: [.init("4111111111111111", kind: "card")])
/// for finding in scan.scan(storedBytes, place: "stored batch 3") { print(finding) }
/// ```
public struct CanaryScan: Sendable {
    /// A value to look for.
    public struct Canary: Sendable, Equatable {
        public var value: String
        /// What sort of value it is (`card`, `email`, ...), named in findings.
        public var kind: String

        public init(_ value: String, kind: String) {
            self.value = value
            self.kind = kind
        }
    }

    /// Bytes to scan and what to call them in a finding.
    public struct Document: Sendable {
        public var place: String
        public var bytes: [UInt8]
        /// The capture path to name when the bytes themselves do not tell (not JSON, or outside any event).
        public var capturePath: CapturePath

        public init(place: String, bytes: [UInt8], capturePath: CapturePath = .envelopeField) {
            self.place = place
            self.bytes = bytes
            self.capturePath = capturePath
        }
    }

    /// One place a canary was found.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public var canary: String
        public var kind: String
        public var capturePath: CapturePath
        /// The document: `request 3 body`, `stored batch session S window W sequence 2`.
        public var place: String
        /// Where in the innermost JSON the value was, when it was JSON: `.events[4].data.text`.
        public var jsonPath: String?
        /// Offset of the finding (or of the encoded data that holds it) in the document's bytes.
        public var byteOffset: Int
        /// The decodings that revealed it, outermost first; empty when it was stored as planted.
        public var decodings: [String]
        /// The document's bytes around the finding: before, the matched (or encoded) bytes, after; non-printable bytes as `\xHH`.
        public var excerpt: Excerpt

        /// A few bytes of a document around a place, as text a report can show.
        public struct Excerpt: Sendable, Equatable {
            public var before: String
            public var match: String
            public var after: String
        }

        public var description: String {
            let chain = decodings.isEmpty ? "as planted" : decodings.joined(separator: " → ")
            return "\(kind) canary '\(canary)' found in \(place) at byte \(byteOffset)" + (jsonPath.map { " (\($0))" } ?? "")
                + ", capture path \(capturePath.rawValue), \(chain)"
        }
    }

    /// Bounds on the work one document can cause.
    public struct Limits: Sendable {
        /// How deep decodings inside decodings (compressed in base64 in compressed ...) are followed.
        public var maximumDepth = 4
        /// The most bytes one stream may inflate to.
        public var maximumInflatedStream = 64 << 20
        /// The most bytes all streams of one document may inflate to together.
        public var maximumInflatedPerDocument = 256 << 20

        public init() {}
    }

    public let canaries: [Canary]
    public var limits: Limits
    let forms: [CanaryForm]
    let automaton: MultiPatternAutomaton
    let cards: CardNumbers
    /// Whether some canary holds a `+`, so escaped windows are also decoded with `+` kept.
    let canariesHoldPlus: Bool
    /// Bytes the pass over a space stops at: 1 escapes, quotes, stream headers; 2 digits and 3 separators when there are cards.
    let specialInSpace: [UInt8]
    /// Bytes the pass over a decoded view stops at (escapes left by the decoding, card digits).
    let specialInView: [UInt8]
    /// Pattern indices from `forms.count` on are triggers, in this order.
    /// `H4sI` opens base64 of gzip wherever it is; after the others, base64 text follows.
    static let triggers: [[UInt8]] = ["H4sI", "base64,", "bearer ", "basic "].map { Array($0.utf8) }

    public init(canaries: [Canary], limits: Limits = Limits()) {
        self.canaries = canaries
        self.limits = limits
        forms = canaries.enumerated().flatMap { CanaryForm.forms(of: $0.element.value, canary: $0.offset) }
        automaton = MultiPatternAutomaton(patterns: forms.map(\.bytes) + Self.triggers)
        cards = CardNumbers(canaries.map(\.value))
        canariesHoldPlus = canaries.contains { $0.value.contains("+") }
        var view = [UInt8](repeating: 0, count: 256)
        for byte in "\\%&+".utf8 { view[Int(byte)] = 1 }
        if !cards.isEmpty {
            for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { view[Int(byte)] = 2 }
            for byte in 0...255 where CardNumbers.isSeparator(UInt8(byte)) { view[byte] = 3 }
        }
        var space = view
        for byte in [UInt8(ascii: "\""), UInt8(ascii: "="), 0x1F, 0x78] { space[Int(byte)] = 1 }
        specialInSpace = space
        specialInView = view
    }

    /// A scan for values of no particular kind.
    public init(canaries: [String]) {
        self.init(canaries: canaries.map { Canary($0, kind: "planted") })
    }

    /// Every finding in `documents`, each distinct (canary, place, path, decodings) once, in canary order then document order.
    public func scan(_ documents: [Document]) -> [Finding] {
        var findings: [Finding] = []
        for document in documents {
            var engine = ScanEngine(scan: self, document: document)
            engine.scanDocument()
            for finding in engine.findings where !findings.contains(where: { $0.isSameLeak(as: finding) }) { findings.append(finding) }
        }
        var order: [String: Int] = [:]
        for (index, canary) in canaries.enumerated() where order[canary.value] == nil { order[canary.value] = index }
        return findings.enumerated().sorted { (order[$0.element.canary] ?? 0, $0.offset) < (order[$1.element.canary] ?? 0, $1.offset) }.map(\.element)
    }

    /// Every finding in one run of bytes.
    public func scan(_ bytes: [UInt8], place: String = "bytes") -> [Finding] {
        scan([Document(place: place, bytes: bytes)])
    }

    /// Scans stored batches, each as the canonical JSON the server keeps, and the text a replay of them reconstructs.
    ///
    /// A finding in the reconstruction is kept only for a canary no stored batch
    /// holds whole: it is there for values split across events.
    public func scan(_ batches: [UploadBatch]) -> [Finding] {
        let findings = scan(StoredDocuments.documents(for: batches))
        let foundWhole = Set(findings.filter { !StoredDocuments.isReconstruction($0.place) }.map(\.canary))
        return findings.filter { !StoredDocuments.isReconstruction($0.place) || !foundWhole.contains($0.canary) }
    }
}

extension CanaryScan.Finding.Excerpt {
    /// The bytes around `range` of `bytes`, `context` bytes each side.
    init(_ bytes: [UInt8], _ range: Range<Int>, context: Int = 48) {
        let start = max(0, range.lowerBound - context), end = min(bytes.count, range.upperBound + context)
        func text(_ slice: ArraySlice<UInt8>) -> String {
            slice.map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : String(format: "\\x%02X", $0) }.joined()
        }
        before = text(bytes[start..<max(start, range.lowerBound)])
        match = text(bytes[max(0, range.lowerBound)..<min(bytes.count, range.upperBound)])
        after = text(bytes[min(bytes.count, range.upperBound)..<end])
    }
}

extension CanaryScan.Finding {
    func isSameLeak(as other: Self) -> Bool {
        canary == other.canary && place == other.place && jsonPath == other.jsonPath && decodings == other.decodings && capturePath == other.capturePath
    }
}
