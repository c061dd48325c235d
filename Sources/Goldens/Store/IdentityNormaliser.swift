import Foundation
import SessionModel

/// Replaces values the system under test invents (session, window and device ids, its timestamps) with stable placeholders, keeping identity.
///
/// The first session id seen becomes `<session#1>` everywhere it occurs,
/// also inside longer strings such as URLs and in HTML text; the second
/// distinct one `<session#2>`, and so on. One normaliser is meant to be used
/// for all artifacts of a scenario, so the same id gets the same placeholder
/// in `timeline.json` and in the DOM files.
///
/// ```swift
/// var normaliser = IdentityNormaliser()
/// let stable = normaliser.normalise(storedJSON)   // {"session_id":"<session#1>", ...}
/// let html = normaliser.normalise(text: domHTML)
/// ```
public struct IdentityNormaliser: Sendable {
    /// A member name whose values are invented by the endpoint, and the label its placeholders get.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var label: String
        public init(_ name: String, label: String) {
            self.name = name
            self.label = label
        }
    }

    /// The fields normalised by default: PostHog, Sentry, rrweb demo and common ingest names.
    public static let defaultFields: [Field] = [
        Field("sessionId", label: "session"), Field("session_id", label: "session"), Field("$session_id", label: "session"),
        Field("replay_id", label: "session"), Field("replayId", label: "session"),
        Field("windowId", label: "window"), Field("window_id", label: "window"), Field("$window_id", label: "window"),
        Field("deviceId", label: "device"), Field("device_id", label: "device"), Field("$device_id", label: "device"),
        Field("distinct_id", label: "device"),
        Field("event_id", label: "event"), Field("uuid", label: "event"),
        Field("receivedAt", label: "time"), Field("received_at", label: "time"), Field("storedAt", label: "time"),
        Field("ingestedAt", label: "time"), Field("created_at", label: "time"),
    ]

    public let fields: [String: String]
    /// Placeholders given so far, by label, in order of first appearance.
    public private(set) var assigned: [(label: String, value: String, placeholder: String)] = []

    public init(fields: [Field] = IdentityNormaliser.defaultFields) {
        var map: [String: String] = [:]
        for field in fields { map[field.name] = field.label }
        self.fields = map
    }

    /// Collects invented values from `value` (members visited in sorted key order) and returns it with every occurrence replaced.
    public mutating func normalise(_ value: JSONValue) -> JSONValue {
        collect(value)
        return replace(value)
    }

    /// Collects invented values from `value` without changing anything, so later artifacts use the same placeholders.
    public mutating func learn(from value: JSONValue) {
        collect(value)
    }

    /// Replaces every value collected so far inside `text` (HTML, logs).
    public func normalise(text: String) -> String {
        var result = text
        // Longer values first, so an id that contains another is replaced whole.
        for entry in assigned.sorted(by: { $0.value.count > $1.value.count }) where !entry.value.isEmpty {
            if entry.value.count >= 4 {
                result = result.replacingOccurrences(of: entry.value, with: entry.placeholder)
            } else if result == entry.value {
                // Short values (small numbers) only when they are the whole string.
                result = entry.placeholder
            }
        }
        return result
    }

    /// The placeholder for a value already seen, if any.
    public func placeholder(for value: String) -> String? {
        assigned.first { $0.value == value }?.placeholder
    }

    private mutating func collect(_ value: JSONValue) {
        switch value {
        case .object(let object):
            for member in object.sortedMembers {
                if let label = fields[member.key], let text = Self.text(member.value) { assign(text, label: label) }
                collect(member.value)
            }
        case .array(let elements):
            for element in elements { collect(element) }
        default:
            break
        }
    }

    private mutating func assign(_ value: String, label: String) {
        guard !value.isEmpty, placeholder(for: value) == nil else { return }
        let number = assigned.filter { $0.label == label }.count + 1
        assigned.append((label, value, "<\(label)#\(number)>"))
    }

    private func replace(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(normalise(text: text))
        case .integer, .double:
            if let text = Self.text(value), let placeholder = placeholder(for: text) { return .string(placeholder) }
            return value
        case .array(let elements):
            return .array(elements.map(replace))
        case .object(let object):
            return .object(JSONObject(object.members.map { (key: $0.key, value: replace($0.value)) }))
        default:
            return value
        }
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .double: return JSONWriter.canonicalString(value)
        default: return nil
        }
    }
}
