import Compression
import Foundation
import SessionModel

/// Scans one document: the automaton pass over each space, and the decoded views and spaces that pass asks for.
struct ScanEngine {
    let scan: CanaryScan
    let document: CanaryScan.Document
    var findings: [CanaryScan.Finding] = []
    var inflatedBytes = 0
    /// How far around an escape the decoded window reaches: the longest canary, plus a margin.
    let windowReach: Int
    /// When not nil, every decoded space and escape view the scan makes is kept here (for `PIIDetector`, which reads them for leads).
    var keptViews: [KeptView]?

    /// A decoded space (`view` nil) or an escape view of one, as the scan made it.
    struct KeptView {
        var space: ScanSpace
        var view: EscapeDecoder.View?
    }

    init(scan: CanaryScan, document: CanaryScan.Document, windowReach: Int? = nil) {
        self.scan = scan
        self.document = document
        self.windowReach = windowReach ?? (scan.canaries.map(\.value.utf8.count).max() ?? 0) + 16
    }

    /// A finding before its place is resolved (all of a document's places are resolved in one walk).
    struct Pending {
        var canary: Int
        var space: ScanSpace
        var offset: Int
        /// Where the match ends in the space (exclusive).
        var end: Int
        var decodings: [String]
    }

    var pending: [Pending] = []

    mutating func scanDocument() {
        scanSpace(ScanSpace(bytes: document.bytes, parent: nil, offsetInParent: 0, decoding: nil))
        let locations = FindingLocations(pending.map { ($0.space, $0.offset) })
        for item in pending {
            let location = locations.location(of: item.offset, in: item.space)
            let value = scan.canaries[item.canary]
            let offset = item.space.documentOffset(item.offset)
            // In the document itself the match is exact; inside decoded data, show where the encoded data starts.
            let end = item.space.parent == nil ? item.end : offset + 32
            let finding = CanaryScan.Finding(canary: value.value, kind: value.kind, capturePath: location.capturePath ?? document.capturePath,
                                             place: document.place, jsonPath: location.jsonPath, byteOffset: offset,
                                             decodings: item.space.decodings + item.decodings,
                                             excerpt: .init(document.bytes, offset..<min(document.bytes.count, max(offset, end))))
            if !findings.contains(where: { $0.isSameLeak(as: finding) }) { findings.append(finding) }
        }
    }

    /// What one automaton pass over a space found that needs more work.
    struct Requests {
        /// Windows with escapes to decode, merged, in order.
        var escapeWindows: [Range<Int>] = []
        /// Offsets where a gzip or zlib stream may start.
        var streams: [(offset: Int, format: Zlib.Format)] = []
        /// Base64 text to decode: its range in the space.
        var base64Runs: [Range<Int>] = []
        /// JSON strings that may hold bytes as Latin-1 (PostHog's compressed fields): the quote offsets.
        var latin1Strings: [Range<Int>] = []
    }

    mutating func scanSpace(_ space: ScanSpace) {
        if keptViews != nil, space.parent != nil { keptViews?.append(KeptView(space: space, view: nil)) }
        let requests = pass(space.bytes, space: space, view: nil)
        for window in requests.escapeWindows {
            scanEscapes(in: space, source: space.bytes, window: window, sourceOffsets: nil, kinds: nil, level: 1)
            if scan.canariesHoldPlus, space.bytes[window].contains(UInt8(ascii: "+")) {
                scanEscapes(in: space, source: space.bytes, window: window, sourceOffsets: nil, kinds: nil, level: 1, plusAsSpace: false)
            }
        }
        guard space.depth < scan.limits.maximumDepth else { return }
        for (offset, format) in requests.streams { inflate(space, at: offset, format: format) }
        for run in requests.base64Runs { decodeBase64(space, run) }
        for range in requests.latin1Strings { decodeLatin1(space, range) }
        if space.parent != nil, requests.streams.first?.offset != 0, Self.looksBinary(space.bytes) { inflate(space, at: 0, format: .rawDeflate) }
    }

    /// Decodes escapes in `window` and scans the view; escapes the decoding produced are decoded again, a few levels deep.
    mutating func scanEscapes(in space: ScanSpace, source: [UInt8], window: Range<Int>, sourceOffsets: [Int]?, kinds: [EscapeDecoder.Kinds]?, level: Int,
                              plusAsSpace: Bool = true) {
        var view = EscapeDecoder.decode(source, window, plusAsSpace: plusAsSpace)
        if let sourceOffsets, let kinds {
            // Compose with the view this one was decoded from, so offsets and kinds refer to the space.
            for index in view.bytes.indices {
                let inner = view.sourceOffsets[index]
                view.kinds[index].formUnion(kinds[inner])
                view.sourceOffsets[index] = sourceOffsets[inner]
            }
        }
        guard view.kinds.contains(where: { !$0.isEmpty }) else { return }
        if keptViews != nil { keptViews?.append(KeptView(space: space, view: view)) }
        let requests = pass(view.bytes, space: space, view: view)
        if level < 3 {
            for inner in requests.escapeWindows {
                scanEscapes(in: space, source: view.bytes, window: inner, sourceOffsets: view.sourceOffsets, kinds: view.kinds, level: level + 1,
                            plusAsSpace: plusAsSpace)
            }
        }
    }

    // MARK: - Reporting

    /// Reports pattern `pattern` ending at `end` in the pass's bytes.
    mutating func reportMatch(pattern: Int, end: Int, bytes: UnsafeBufferPointer<UInt8>, space: ScanSpace, view: EscapeDecoder.View?, requests: inout Requests) {
        let length = scan.automaton.patternLengths[pattern]
        let start = end + 1 - length
        if pattern >= scan.forms.count {
            trigger(pattern - scan.forms.count, start: start, bytes: bytes, view: view, requests: &requests)
            return
        }
        let form = scan.forms[pattern]
        guard let (encoding, caseChanged) = form.accept(bytes, at: start) else { return }
        var decodings: [String] = []
        if let view {
            let kinds = view.kinds[start...end].reduce(EscapeDecoder.Kinds()) { $0.union($1) }
            guard !kinds.isEmpty else { return }  // the same bytes as in the space: its own pass reports them
            decodings += kinds.names
        } else if space.decoding?.hasPrefix("base64") == true, encoding == .plain, !caseChanged {
            return  // the base64 forms already found this in the encoded text
        }
        if let decoding = encoding.decoding { decodings.append(decoding) }
        if caseChanged { decodings.append("case changed") }
        record(canary: form.canary, space: space, offset: view.map { $0.sourceOffsets[start] } ?? start,
               end: view.map { Self.sourceEnd($0, end) } ?? end + 1, decodings: decodings)
    }

    /// The space offset just past the source bytes of view byte `index`.
    static func sourceEnd(_ view: EscapeDecoder.View, _ index: Int) -> Int {
        index + 1 < view.sourceOffsets.count ? max(view.sourceOffsets[index] + 1, view.sourceOffsets[index + 1]) : view.sourceOffsets[index] + 1
    }

    /// Reports a card found with its separators changed; the card's last digit is at `end`.
    mutating func reportCard(_ canary: Int, length: Int, bytes: UnsafeBufferPointer<UInt8>, space: ScanSpace, view: EscapeDecoder.View?, end: Int) {
        var start = end, digitsSeen = 0
        while start >= 0 {
            if bytes[start] &- 48 < 10 { digitsSeen += 1; if digitsSeen == length { break } }
            start -= 1
        }
        var decodings: [String] = []
        if let view {
            decodings += view.kinds[start...end].reduce(EscapeDecoder.Kinds()) { $0.union($1) }.names
        }
        decodings.append("card separators changed")
        record(canary: canary, space: space, offset: view.map { $0.sourceOffsets[start] } ?? start,
               end: view.map { Self.sourceEnd($0, end) } ?? end + 1, decodings: decodings)
    }

    mutating func record(canary: Int, space: ScanSpace, offset: Int, end: Int, decodings: [String]) {
        // A long leak repeats the same match many times over; keep a bounded number per canary and decoding.
        if pending.count > 10_000, pending.contains(where: { $0.canary == canary && $0.decodings == decodings && $0.space === space }) { return }
        pending.append(Pending(canary: canary, space: space, offset: offset, end: end, decodings: decodings))
    }

    // MARK: - Decoded spaces

    mutating func trigger(_ index: Int, start: Int, bytes: UnsafeBufferPointer<UInt8>, view: EscapeDecoder.View?, requests: inout Requests) {
        guard view == nil else { return }
        let pattern = CanaryScan.triggers[index]
        let runStart = index == 0 ? start : start + pattern.count
        if index == 0, !(0..<pattern.count).allSatisfy({ bytes[start + $0] == pattern[$0] }) { return }
        if index == 0, runStart > 0, bytes[runStart - 1] != UInt8(ascii: "="), Self.isBase64(bytes[runStart - 1]) { return }
        var end = runStart
        while end < bytes.count, Self.isBase64(bytes[end]) { end += 1 }
        if end - runStart >= 8 { requests.base64Runs.append(runStart..<end) }
    }

    mutating func inflate(_ space: ScanSpace, at offset: Int, format: Zlib.Format) {
        let budget = min(scan.limits.maximumInflatedStream, scan.limits.maximumInflatedPerDocument - inflatedBytes)
        guard budget > 0 else { return }
        let bytes = space.bytes
        let probe = Array(bytes[offset..<min(bytes.count, offset + 512)])
        if case .corrupt(let reason)? = Self.failure(probe, format: format, limit: budget), !reason.contains("cut short") { return }
        guard let plain = try? Zlib.decompress(offset == 0 ? bytes : Array(bytes[offset...]), format: format, limit: budget, ignoringTrailingData: true),
              !plain.isEmpty else { return }
        inflatedBytes += plain.count
        scanSpace(ScanSpace(bytes: plain, parent: space, offsetInParent: offset, decoding: format == .rawDeflate ? "raw deflate" : format.rawValue))
    }

    static func failure(_ bytes: [UInt8], format: Zlib.Format, limit: Int) -> Zlib.Failure? {
        do { _ = try Zlib.decompress(bytes, format: format, limit: limit, ignoringTrailingData: true); return nil } catch { return error }
    }

    mutating func decodeBase64(_ space: ScanSpace, _ run: Range<Int>) {
        var text = space.bytes[run].map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "+") : $0 == UInt8(ascii: "_") ? UInt8(ascii: "/") : $0 }
        while text.last == UInt8(ascii: "=") { text.removeLast() }
        text.removeLast(text.count % 4 == 1 ? 1 : 0)
        text.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (4 - text.count % 4) % 4))
        guard let decoded = Data(base64Encoded: Data(text)), !decoded.isEmpty else { return }
        scanSpace(ScanSpace(bytes: [UInt8](decoded), parent: space, offsetInParent: run.lowerBound, decoding: "base64"))
    }

    mutating func decodeLatin1(_ space: ScanSpace, _ range: Range<Int>) {
        guard let text = (try? JSONReader.parse(Array(space.bytes[range])))?.stringValue,
              text.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) else { return }
        let bytes = text.unicodeScalars.map { UInt8($0.value) }
        scanSpace(ScanSpace(bytes: bytes, parent: space, offsetInParent: range.lowerBound, decoding: "Latin-1 string"))
    }

    // MARK: - Byte classes

    static func isBase64(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 97 < 26 || byte &- 48 < 10 || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "=")
    }

    /// Whether the first bytes hold control characters no text has (so they may be raw deflate).
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(64).contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    }
}
