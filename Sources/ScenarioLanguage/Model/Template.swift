/// Text with planted canaries inside, such as a header value `Bearer {canary token}`.
///
/// In the text form, `{canary KIND}` or `{canary KIND:LABEL}` is a canary and `{{` is
/// a literal `{`; any other `{` is literal too. Strings inside JSON bodies use the
/// same markers.
public struct Template: Sendable, Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// One piece of a template.
    public enum Part: Sendable, Equatable {
        /// Literal text.
        case text(String)
        /// A canary's generated value.
        case canary(Canary)
    }

    /// The pieces in order; adjacent text pieces are merged.
    public private(set) var parts: [Part]

    /// Creates a template from pieces.
    public init(_ parts: [Part]) {
        self.parts = []
        for part in parts { append(part) }
    }

    /// Parses the text form, keeping malformed markers as literal text.
    public init(stringLiteral value: String) {
        self = (try? Template(parsing: value)) ?? Template([.text(value)])
    }

    /// Parses the text form, throwing on `{canary ...}` markers with an unknown kind or no closing brace.
    public init(parsing text: String) throws(TemplateError) {
        var parts: [Part] = []
        var literal = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "{", index + 1 < characters.count, characters[index + 1] == "{" {
                literal.append("{")
                index += 2
                continue
            }
            if character == "{", Template.hasMarker(characters, at: index) {
                guard let close = characters[index...].firstIndex(of: "}") else {
                    throw TemplateError(message: "\"{canary\" has no closing \"}\"", offset: index, length: 7)
                }
                let body = String(characters[(index + 8)..<close])
                let pieces = body.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let kindText = String(pieces.first ?? "")
                guard let kind = Canary.Kind(rawValue: kindText) else {
                    throw TemplateError(message: "unknown canary kind \"\(kindText)\"", offset: index + 8, length: max(1, kindText.count), found: kindText)
                }
                let label = pieces.count > 1 ? String(pieces[1]) : nil
                if label == "" { throw TemplateError(message: "empty canary label", offset: index, length: close - index + 1) }
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                parts.append(.canary(Canary(kind, label: label)))
                index = close + 1
                continue
            }
            literal.append(character)
            index += 1
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
    }

    private static func hasMarker(_ characters: [Character], at index: Int) -> Bool {
        let marker: [Character] = Array("{canary ")
        guard index + marker.count <= characters.count else { return false }
        return Array(characters[index..<(index + marker.count)]) == marker
    }

    private mutating func append(_ part: Part) {
        if case .text(let new) = part {
            if new.isEmpty { return }
            if case .text(let old)? = parts.last { parts[parts.count - 1] = .text(old + new); return }
        }
        parts.append(part)
    }

    /// The text form: literal `{` doubled, canaries as `{canary KIND[:LABEL]}`.
    public var source: String {
        parts.map { part in
            switch part {
            case .text(let text): return text.map { $0 == "{" ? "{{" : String($0) }.joined()
            case .canary(let canary): return "{canary \(canary.kind.rawValue)" + (canary.label.map { ":" + $0 } ?? "") + "}"
            }
        }.joined()
    }

    /// The canaries this template plants, in order.
    public var canaries: [Canary] {
        parts.compactMap { if case .canary(let canary) = $0 { return canary }; return nil }
    }

    public var description: String { source }
}

/// Why a template's text could not be read.
public struct TemplateError: Error, Sendable, Equatable {
    /// What was wrong.
    public var message: String
    /// Where in the text (characters from 0) the problem starts, and how long it is.
    public var offset: Int
    public var length: Int
    /// The unknown kind as written, for suggestions.
    public var found: String?

    public init(message: String, offset: Int, length: Int, found: String? = nil) {
        self.message = message
        self.offset = offset
        self.length = length
        self.found = found
    }
}
