import Foundation
import SessionModel

/// A string with `{name|transform…}` placeholders, read once at load time and filled per request.
///
/// `{{` and `}}` are literal braces. A template that is exactly one placeholder
/// without transforms can be filled as the typed value (`"{sequence}"` a number).
///
/// ```swift
/// let template = try Template(parsing: "/s/{sessionId|truncate:8}", known: ["sessionId"])
/// try template.text(["sessionId": "0195f1c2-aaaa"], in: .path) // "/s/0195f1c2"
/// ```
struct Template: Sendable, Equatable {
    /// One transform applied to a placeholder's text.
    enum Transform: Sendable, Equatable {
        case lower, upper, sha256, base64
        case truncate(Int)

        static let names = ["lower", "upper", "truncate", "sha256", "base64"]

        func apply(_ text: String) -> String {
            switch self {
            case .lower: return text.lowercased()
            case .upper: return text.uppercased()
            case .sha256: return SHA256.hex(Array(text.utf8))
            case .base64: return Data(text.utf8).base64EncodedString()
            case .truncate(let count): return String(text.prefix(count))
            }
        }
    }

    struct Placeholder: Sendable, Equatable {
        var name: String
        var transforms: [Transform]
    }

    enum Part: Sendable, Equatable {
        case literal(String)
        case placeholder(Placeholder)
    }

    /// Where filled text goes, which decides how it is escaped.
    enum Place: Sendable {
        /// Inserted text is percent-encoded (paths, URLs, query values).
        case path
        /// Inserted as is; CR or LF is an error.
        case header
        /// Inserted as is.
        case plain
    }

    var parts: [Part]
    let source: String

    /// Reads a template; `known` says which names may appear (a prefix ending in `.` admits any name under it).
    init(parsing text: String, known: [String]) throws(AdapterError) {
        source = text
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let first = rest.first {
            if rest.hasPrefix("{{") || rest.hasPrefix("}}") {
                literal.append(first)
                rest = rest.dropFirst(2)
            } else if first == "}" {
                throw AdapterError("a lone '}' in \"\(text)\"; write '}}' for a literal brace")
            } else if first == "{" {
                guard let close = rest.firstIndex(of: "}") else { throw AdapterError("'{' is not closed in \"\(text)\"; write '{{' for a literal brace") }
                let inside = String(rest[rest.index(after: rest.startIndex)..<close])
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.placeholder(try Self.placeholder(inside, known: known)))
                rest = rest[rest.index(after: close)...]
            } else {
                literal.append(first)
                rest = rest.dropFirst()
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    private static func placeholder(_ inside: String, known: [String]) throws(AdapterError) -> Placeholder {
        let pieces = inside.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let name = pieces[0]
        guard !name.isEmpty else { throw AdapterError("an empty placeholder {\(inside)}") }
        if !known.contains(name) {
            var message = "unknown placeholder {\(name)}"
            if let near = Suggestions.closest(to: name, among: known) { message += "; did you mean {\(near)}?" }
            throw AdapterError(message)
        }
        var transforms: [Transform] = []
        for piece in pieces.dropFirst() {
            let word = piece.prefix { $0 != ":" }
            let argument = piece.contains(":") ? String(piece[piece.index(after: piece.firstIndex(of: ":")!)...]) : nil
            switch word {
            case "lower": transforms.append(.lower)
            case "upper": transforms.append(.upper)
            case "sha256": transforms.append(.sha256)
            case "base64": transforms.append(.base64)
            case "truncate":
                guard let argument, let count = Int(argument), count > 0 else {
                    throw AdapterError("{\(inside)}: truncate needs a positive count, as in truncate:8")
                }
                transforms.append(.truncate(count))
            default:
                var message = "{\(inside)}: unknown transform '\(word)'"
                if let near = Suggestions.closest(to: String(word), among: Transform.names) { message += "; did you mean '\(near)'?" }
                else { message += "; known: \(Transform.names.joined(separator: ", "))" }
                throw AdapterError(message)
            }
            if argument != nil, word != "truncate" { throw AdapterError("{\(inside)}: '\(word)' takes no argument") }
        }
        return Placeholder(name: name, transforms: transforms)
    }

    /// Every placeholder name used, in order.
    var names: [String] {
        parts.compactMap { if case .placeholder(let placeholder) = $0 { placeholder.name } else { nil } }
    }

    /// The placeholder when the template is exactly one, without transforms.
    var lonePlaceholder: String? {
        guard parts.count == 1, case .placeholder(let placeholder) = parts[0], placeholder.transforms.isEmpty else { return nil }
        return placeholder.name
    }

    /// The filled text; a lone placeholder in a path or URL is inserted unescaped, since it is the whole path or URL.
    func text(_ values: TemplateValues, in place: Place) throws(AdapterError) -> String {
        var out = ""
        let escapes = place == .path && lonePlaceholder == nil
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .placeholder(let placeholder):
                var text = Self.text(of: try values.value(placeholder.name))
                for transform in placeholder.transforms { text = transform.apply(text) }
                if place == .header, text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
                    throw AdapterError("{\(placeholder.name)} holds a line break, which a header value cannot carry")
                }
                out += escapes ? PercentCoding.encode(text) : text
            }
        }
        return out
    }

    /// The filled value: the typed value for a lone placeholder, otherwise the text.
    func value(_ values: TemplateValues) throws(AdapterError) -> JSONValue {
        if let name = lonePlaceholder { return try values.value(name) }
        return .string(try text(values, in: .plain))
    }

    /// A value as text: strings as they are, null as nothing, everything else as canonical JSON.
    static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        default: return JSONWriter.canonicalString(value)
        }
    }
}

/// The values placeholders are filled from, by name; a name with no value is an error naming it.
struct TemplateValues: Sendable {
    var values: [String: JSONValue]
    /// Why a name has no value (an origin missing from a table, a required setting not given).
    var missing: [String: String] = [:]

    init(_ values: [String: JSONValue] = [:]) { self.values = values }

    func value(_ name: String) throws(AdapterError) -> JSONValue {
        if let value = values[name] { return value }
        throw AdapterError(missing[name] ?? "{\(name)} has no value here")
    }

    subscript(name: String) -> JSONValue? {
        get { values[name] }
        set { values[name] = newValue }
    }
}

extension Template.Place: Equatable {}
