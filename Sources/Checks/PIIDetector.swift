import SessionModel

/// Flags personal data that was not planted: emails, Luhn-valid card numbers, JWTs, bearer tokens and IP addresses, each with a confidence.
///
/// Not a gate: a recording holds emails and numbers legitimately, so these are
/// leads for a reviewer, not failures. It reads the plain bytes of each
/// document (not the decoded views `CanaryScan` searches) and skips the
/// values given as planted, which the gating scan reports.
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

        public var description: String {
            "possible \(kind.rawValue) '\(value)' in \(place) at byte \(byteOffset) (confidence \(confidence): \(reason))"
        }
    }

    /// Leads in `documents`, each distinct value once, in document order.
    public static func findings(in documents: [CanaryScan.Document], planted: [String] = []) -> [Finding] {
        let planted = Set(planted)
        var findings: [Finding] = []
        var seen = Set<String>()
        for document in documents {
            for candidate in candidates(document.bytes) where !planted.contains(candidate.value) && seen.insert(candidate.value).inserted {
                findings.append(Finding(kind: candidate.kind, value: candidate.value, place: document.place, byteOffset: candidate.offset,
                                        confidence: candidate.confidence, reason: candidate.reason))
            }
        }
        return findings
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
