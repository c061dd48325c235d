import Foundation
import SessionModel

/// Checks that one person's visits to unrelated sites share no identifier, from the wire or from what was stored.
///
/// Identifiers collected per visit: the session, window, page and visitor
/// ids and the user id of every stored batch; every high-entropy token in the
/// stored payloads (any JSON string that looks like a random id); the
/// user-agent + viewport + timezone tuple when all three were stored; and what
/// the client sent beside the batch (the collector's cookie, the client IP),
/// given as wire identifiers; and every IP address stored in the payloads. Two visits are linkable when one value appears
/// among the identifiers of both.
public enum LinkageCheck {
    /// One identifier-like value of a visit, and what carried it.
    public struct Identifier: Sendable, Equatable {
        /// What carried it: `sessionId`, `cookie collector_uid`, `token at .events[3].data.payload.id`, `client IP`.
        public var field: String
        public var value: String

        public init(field: String, value: String) {
            self.field = field
            self.value = value
        }
    }

    /// A value both visits have, and under which fields.
    public struct Link: Sendable, Equatable, CustomStringConvertible {
        public var value: String
        public var fieldOnA: String
        public var fieldOnB: String
        public var description: String { "'\(value)' is stored as \(fieldOnA) on site A and as \(fieldOnB) on site B" }
    }

    /// Every value the two visits share, each once, in the order of site A's identifiers.
    public static func links(siteA: [UploadBatch], siteB: [UploadBatch], wireA: [Identifier] = [], wireB: [Identifier] = []) -> [Link] {
        links(identifiers(of: siteA) + wireA, identifiers(of: siteB) + wireB)
    }

    /// Every value two lists of identifiers share.
    public static func links(_ onA: [Identifier], _ onB: [Identifier]) -> [Link] {
        var firstOnB: [String: String] = [:]
        for identifier in onB where firstOnB[identifier.value] == nil { firstOnB[identifier.value] = identifier.field }
        var links: [Link] = []
        var seen: Set<String> = []
        for identifier in onA where !seen.contains(identifier.value) {
            guard let fieldB = firstOnB[identifier.value] else { continue }
            seen.insert(identifier.value)
            links.append(Link(value: identifier.value, fieldOnA: identifier.field, fieldOnB: fieldB))
        }
        return links
    }

    /// The identifiers stored for a visit.
    public static func identifiers(of batches: [UploadBatch]) -> [Identifier] {
        var identifiers: [Identifier] = []
        var fingerprint: (userAgent: String?, viewport: String?, timezone: String?) = (nil, nil, nil)
        for batch in batches {
            for (field, value) in [("sessionId", batch.sessionId), ("windowId", batch.windowId), ("pageId", batch.pageId),
                                   ("distinctId", batch.distinctId), ("userId", batch.userId ?? "")] where !value.isEmpty {
                identifiers.append(Identifier(field: field, value: value))
            }
            if !batch.userAgent.isEmpty { fingerprint.userAgent = batch.userAgent }
            collectTokens(.object(batch.extra), path: JSONPath(), into: &identifiers, timezone: &fingerprint.timezone)
            for (index, event) in batch.events.enumerated() {
                let value = (try? JSONReader.parse(event.canonicalBytes)) ?? .null
                if case .meta(let meta) = event.data { fingerprint.viewport = "\(meta.width)x\(meta.height)" }
                collectTokens(value, path: JSONPath([.key("events"), .index(index)]), into: &identifiers, timezone: &fingerprint.timezone)
            }
        }
        if let userAgent = fingerprint.userAgent, let viewport = fingerprint.viewport, let timezone = fingerprint.timezone {
            identifiers.append(Identifier(field: "user-agent + viewport + timezone", value: "\(userAgent) | \(viewport) | \(timezone)"))
        }
        return identifiers
    }

    static func collectTokens(_ value: JSONValue, path: JSONPath, into identifiers: inout [Identifier], timezone: inout String?) {
        switch value {
        case .string(let text):
            if HighEntropyToken.isToken(text) { identifiers.append(Identifier(field: "token at \(path)", value: text)) }
            else if HighEntropyToken.isIPAddress(text) { identifiers.append(Identifier(field: "IP address at \(path)", value: text)) }
        case .array(let items):
            for (index, item) in items.enumerated() { collectTokens(item, path: path.appending(index), into: &identifiers, timezone: &timezone) }
        case .object(let object):
            for member in object.members {
                if member.key.lowercased().contains("timezone"), let zone = member.value.stringValue { timezone = zone }
                collectTokens(member.value, path: path.appending(member.key), into: &identifiers, timezone: &timezone)
            }
        default:
            break
        }
    }
}

/// Tells random-looking identifiers (`a8Fz03kQ...`, UUIDs) from words, URLs, numbers and text.
enum HighEntropyToken {
    /// Whether `text` looks like a generated identifier: 16 to 256 characters of token alphabet, mixed classes, and high entropy.
    static func isToken(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (16...256).contains(bytes.count) else { return false }
        var lower = false, upper = false, digit = false
        var counts = [Int](repeating: 0, count: 128)
        for byte in bytes {
            switch byte {
            case 97...122: lower = true
            case 65...90: upper = true
            case 48...57: digit = true
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "/"): break
            default: return false
            }
            counts[Int(byte)] += 1
        }
        guard digit, lower || upper else { return false }
        var entropy = 0.0
        for count in counts where count > 0 {
            let share = Double(count) / Double(bytes.count)
            entropy -= share * log2(share)
        }
        return entropy >= 3.0
    }

    static func log2(_ value: Double) -> Double { Foundation.log2(value) }

    /// Whether `text` is an IPv4 address in dotted-quad form or an IPv6 address (a client IP stored beside the data).
    static func isIPAddress(_ text: String) -> Bool {
        let quads = text.split(separator: ".", omittingEmptySubsequences: false)
        if quads.count == 4, quads.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && (UInt8($0) != nil) }) { return true }
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        return groups.count >= 3 && groups.count <= 8 && text.contains("::") == (groups.contains { $0.isEmpty })
            && groups.allSatisfy { $0.count <= 4 && $0.allSatisfy(\.isHexDigit) } && groups.contains { !$0.isEmpty }
    }
}
