import SessionModel

/// Flags personal data that was not planted: emails, Luhn-valid card numbers, JWTs, bearer tokens and IP addresses, each with a confidence.
///
/// Not a gate: a recording holds emails and numbers legitimately, so these are
/// leads for a reviewer, not failures. It reads the plain bytes of each
/// document and every decoded view `CanaryScan` makes of them (URL, JSON `\u`
/// and HTML escapes, base64, gzip/zlib/raw deflate, PostHog's gzip-in-Latin-1
/// strings), each lead naming its chain of decodings, and skips the values
/// given as planted, which the gating scan reports.
///
/// ```swift
/// for lead in PIIDetector.findings(in: documents, planted: canaryValues) { print(lead) }
/// ```
public enum PIIDetector {
    /// One value that looks like personal data.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable, Equatable { case email, card, jwt, bearerToken = "bearer token", ipAddress = "IP address" }
        public var kind: Kind
        public var value: String
        public var place: String
        public var byteOffset: Int
        /// How likely it is personal data, from 0 to 1, and why.
        public var confidence: Double
        public var reason: String
        /// The decodings that revealed it, outermost first (`base64`, `gzip`); empty when it is in the plain bytes.
        public var decodings: [String] = []

        public var description: String {
            let decoded = decodings.isEmpty ? "" : ", decoded by \(decodings.joined(separator: " → "))"
            return "possible \(kind.rawValue) '\(value)' in \(place) at byte \(byteOffset)\(decoded) (confidence \(confidence): \(reason))"
        }
    }

    /// Leads in `documents`, each distinct value once: a document's plain bytes first, then its decoded views in the order the scan made them.
    public static func findings(in documents: [CanaryScan.Document], planted: [String] = []) -> [Finding] {
        let planted = Set(planted)
        var findings: [Finding] = []
        var seen = Set<String>()
        // No canaries: the scan only finds and decodes what needs decoding; escape windows reach far enough for a long JWT.
        let decoder = CanaryScan(canaries: [])
        for document in documents {
            var leads = candidates(document.bytes).map { (candidate: $0, offset: $0.offset, decodings: [String]()) }
            var engine = ScanEngine(scan: decoder, document: document, windowReach: 512)
            engine.keptViews = []
            engine.scanDocument()
            for kept in engine.keptViews ?? [] { leads += decodedLeads(kept) }
            for lead in leads where !planted.contains(lead.candidate.value) && seen.insert(lead.candidate.value).inserted {
                findings.append(Finding(kind: lead.candidate.kind, value: lead.candidate.value, place: document.place, byteOffset: lead.offset,
                                        confidence: lead.candidate.confidence, reason: lead.candidate.reason, decodings: lead.decodings))
            }
        }
        return findings
    }

    /// The candidates in one decoded space or escape view, with their document offsets and decodings.
    ///
    /// In an escape view only a candidate that some escape helped make counts
    /// (the rest is the plain bytes again), and none that touches a cut edge of
    /// the window, which would be a fragment.
    static func decodedLeads(_ kept: ScanEngine.KeptView) -> [(candidate: Candidate, offset: Int, decodings: [String])] {
        guard let view = kept.view else {
            return candidates(kept.space.bytes).map { ($0, kept.space.documentOffset($0.offset), kept.space.decodings) }
        }
        var leads: [(candidate: Candidate, offset: Int, decodings: [String])] = []
        let spaceEnd = kept.space.bytes.count
        for candidate in candidates(view.bytes) {
            let range = candidate.offset..<(candidate.offset + candidate.value.utf8.count)
            guard range.upperBound <= view.bytes.count else { continue }
            if range.lowerBound == 0, view.sourceOffsets[0] != 0 { continue }
            if range.upperBound == view.bytes.count, ScanEngine.sourceEnd(view, range.upperBound - 1) != spaceEnd { continue }
            let kinds = view.kinds[range].reduce(EscapeDecoder.Kinds()) { $0.union($1) }
            guard !kinds.isEmpty else { continue }
            leads.append((candidate, kept.space.documentOffset(view.sourceOffsets[range.lowerBound]), kept.space.decodings + kinds.names))
        }
        return leads
    }

    /// Leads in stored batches, each read as the canonical JSON the server keeps.
    public static func findings(in batches: [UploadBatch], planted: [String] = []) -> [Finding] {
        findings(in: StoredDocuments.batchDocuments(batches), planted: planted)
    }

    struct Candidate {
        var kind: Finding.Kind
        var value: String
        var offset: Int
        var confidence: Double
        var reason: String
    }

    /// Runs of token characters, each judged by its shape.
    static func candidates(_ bytes: [UInt8]) -> [Candidate] {
        var found: [Candidate] = []
        var index = 0
        while index < bytes.count {
            guard isWordByte(bytes[index]) else { index += 1; continue }
            var end = index
            while end < bytes.count, isWordByte(bytes[end]) || (isCardSeparator(bytes[end]) && end + 1 < bytes.count && isDigit(bytes[end + 1]) && end > index && isDigit(bytes[end - 1])) { end += 1 }
            let word = String(decoding: bytes[index..<end], as: UTF8.self)
            if let candidate = judge(word, at: index, before: bytes[max(0, index - 7)..<index]) { found.append(candidate) }
            index = end + 1
        }
        return found
    }

    static func judge(_ word: String, at offset: Int, before: ArraySlice<UInt8>) -> Candidate? {
        let prefix = String(decoding: before, as: UTF8.self).lowercased()
        if prefix.hasSuffix("bearer "), word.count >= 16, !word.contains("@") {
            return Candidate(kind: .bearerToken, value: word, offset: offset, confidence: 0.9, reason: "follows 'Bearer '")
        }
        let segments = word.split(separator: ".", omittingEmptySubsequences: false)
        if segments.count == 3, segments[0].hasPrefix("eyJ"), segments[1].hasPrefix("eyJ"), segments.allSatisfy({ $0.count >= 4 }) {
            return Candidate(kind: .jwt, value: word, offset: offset, confidence: 0.95, reason: "three base64url segments of JSON")
        }
        if let at = word.firstIndex(of: "@"), at != word.startIndex {
            let domain = word[word.index(after: at)...]
            let labels = domain.split(separator: ".")
            guard labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter) else { return nil }
            let reserved = ["example", "test", "invalid", "localhost"].contains { domain.hasSuffix($0) || domain.contains($0 + ".") }
            return Candidate(kind: .email, value: word, offset: offset, confidence: reserved ? 0.5 : 0.9,
                             reason: reserved ? "an email at a reserved domain (a test value?)" : "an email address")
        }
        let digits = word.filter(\.isNumber)
        if (13...19).contains(digits.count), word.allSatisfy({ $0.isNumber || $0 == " " || $0 == "-" }), luhn(digits) {
            // Epoch milliseconds are 13 digits and pass Luhn one time in ten.
            if digits.count == 13, digits == word, let value = Int(digits), (1_000_000_000_000...4_000_000_000_000).contains(value) { return nil }
            return Candidate(kind: .card, value: word, offset: offset, confidence: digits == word ? 0.6 : 0.85, reason: "passes the Luhn check")
        }
        // `Chrome/126.0.0.0` is a version, not an address.
        if HighEntropyToken.isIPAddress(word), word.contains("."), before.last != UInt8(ascii: "/") {
            let octets = word.split(separator: ".").compactMap { Int($0) }
            guard octets.count == 4, octets[0] != 0, octets[0] != 127, !(octets[0] == 255) else { return nil }
            let documentation = word.hasPrefix("192.0.2.") || word.hasPrefix("198.51.100.") || word.hasPrefix("203.0.113.")
            let privateRange = octets[0] == 10 || (octets[0] == 192 && octets[1] == 168) || (octets[0] == 172 && (16...31).contains(octets[1]))
            return Candidate(kind: .ipAddress, value: word, offset: offset, confidence: documentation ? 0.9 : privateRange ? 0.4 : 0.6,
                             reason: documentation ? "a documentation-range address (a test value?)" : privateRange ? "a private-network address" : "an IPv4 address")
        }
        return nil
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 97 < 26 || isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte >= 0x80
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }
    static func isCardSeparator(_ byte: UInt8) -> Bool { byte == 0x20 }

    static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            guard var value = character.wholeNumberValue else { return false }
            if offset % 2 == 1 { value *= 2; if value > 9 { value -= 9 } }
            sum += value
        }
        return sum % 10 == 0
    }
}
