import SessionModel

/// Reads the tokens of one line on demand; every successful read consumes at least one byte.
///
/// Words run to the next space or quote; strings are double-quoted with `\"`, `\\`,
/// `\n`, `\t` and `\u{HEX}` escapes; a `#` where a token would start begins a comment.
struct LineCursor {
    let source: SourceText
    private(set) var position: Int
    let end: Int

    private let bytes: [UInt8]

    init(source: SourceText, line: Int) {
        self.source = source
        bytes = source.bytes
        position = source.lines[line].lowerBound
        end = source.lines[line].upperBound
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    mutating func skipSpaces() {
        while position < end, LineCursor.isSpace(bytes[position]) { position += 1 }
    }

    /// Whether only spaces or a comment remain.
    mutating func atEnd() -> Bool {
        skipSpaces()
        return position >= end || bytes[position] == UInt8(ascii: "#")
    }

    /// An empty span just after the last token, for "missing ..." errors.
    mutating func endSpan() -> Range<Int> {
        skipSpaces()
        return position..<(position + 1)
    }

    /// The next token's text without consuming it (nil at the end or before a string or JSON).
    mutating func peekWord() -> String? {
        let saved = position
        defer { position = saved }
        return nextWord()?.text
    }

    mutating func peekIsString() -> Bool {
        skipSpaces()
        return position < end && bytes[position] == UInt8(ascii: "\"")
    }

    /// Reads a bare word, or nil when the next token is not one.
    mutating func nextWord() -> Token? {
        guard !atEnd(), bytes[position] != UInt8(ascii: "\"") else { return nil }
        let start = position
        while position < end, !LineCursor.isSpace(bytes[position]), bytes[position] != UInt8(ascii: "\"") { position += 1 }
        return Token(text: source.text(start..<position), span: start..<position)
    }

    /// The span of whatever token comes next, for errors about it.
    mutating func nextTokenSpan() -> Range<Int> {
        skipSpaces()
        let start = position
        if position < end, bytes[position] == UInt8(ascii: "\"") {
            var index = position + 1
            while index < end, bytes[index] != UInt8(ascii: "\"") { index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1 }
            return start..<min(end, index + 1)
        }
        var index = position
        while index < end, !LineCursor.isSpace(bytes[index]) { index += 1 }
        return start..<max(index, start + 1)
    }

    mutating func expectWord(_ what: String) throws(LineError) -> Token {
        if let word = nextWord() { return word }
        throw missing(what)
    }

    /// Reads one of `choices`, suggesting the nearest when the word is not one of them.
    mutating func expectKeyword(_ what: String, _ choices: [String]) throws(LineError) -> Token {
        guard let word = nextWord() else { throw missing(what + " (" + LineCursor.list(choices) + ")") }
        if choices.contains(word.text) { return word }
        if let suggestion = Suggestions.closest(to: word.text, among: choices) {
            throw LineError(message: "unknown \(what) \"\(word.text)\"", span: word.span, label: "did you mean \"\(suggestion)\"?")
        }
        throw LineError(message: "unknown \(what) \"\(word.text)\"", span: word.span, label: "expected " + LineCursor.list(choices))
    }

    /// `what` without a leading article, for "X is out of range".
    static func bare(_ what: String) -> String {
        if what.hasPrefix("a ") { return String(what.dropFirst(2)) }
        if what.hasPrefix("an ") { return String(what.dropFirst(3)) }
        return what
    }

    static func list(_ choices: [String]) -> String {
        if choices.count <= 1 { return choices.first ?? "" }
        return choices.dropLast().joined(separator: ", ") + " or " + choices.last!
    }

    func missing(_ what: String) -> LineError {
        var copy = self
        let span = copy.endSpan()
        return LineError(message: "expected \(what)", span: span, label: "missing \(what)")
    }

    /// Reads a double-quoted string.
    mutating func expectString(_ what: String) throws(LineError) -> Token {
        guard !atEnd() else { throw missing(what) }
        let start = position
        guard bytes[position] == UInt8(ascii: "\"") else {
            let span = nextTokenSpan()
            throw LineError(message: "expected \(what) in double quotes", span: span, label: "write it as \"\(source.text(span))\"")
        }
        position += 1
        var value: [UInt8] = []
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return Token(text: String(decoding: value, as: UTF8.self), span: start..<position)
            }
            if byte == UInt8(ascii: "\\") {
                let escapeStart = position
                guard position + 1 < end else { break }
                let next = bytes[position + 1]
                position += 2
                switch next {
                case UInt8(ascii: "\""): value.append(next)
                case UInt8(ascii: "\\"): value.append(next)
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "u"):
                    guard position < end, bytes[position] == UInt8(ascii: "{") else {
                        throw LineError(message: "invalid escape in string", span: escapeStart..<position, label: "write \\u{HEX}")
                    }
                    var hexEnd = position + 1
                    while hexEnd < end, bytes[hexEnd] != UInt8(ascii: "}"), hexEnd - position <= 7 { hexEnd += 1 }
                    let hex = source.text((position + 1)..<min(hexEnd, end))
                    guard hexEnd < end, bytes[hexEnd] == UInt8(ascii: "}"), let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                        throw LineError(message: "invalid escape in string", span: escapeStart..<min(hexEnd + 1, end), label: "write \\u{HEX} with 1 to 6 hex digits")
                    }
                    value.append(contentsOf: Array(String(Character(scalar)).utf8))
                    position = hexEnd + 1
                default:
                    throw LineError(message: "invalid escape in string", span: escapeStart..<position, label: "use \\\", \\\\, \\n, \\t, \\r or \\u{HEX}")
                }
                continue
            }
            value.append(byte)
            position += 1
        }
        position = end
        throw LineError(message: "unterminated string", span: start..<(start + 1), label: "this quote is never closed")
    }

    /// Reads a string and parses it as a template with `{canary KIND}` markers.
    mutating func expectTemplate(_ what: String) throws(LineError) -> Template {
        let token = try expectString(what)
        return try LineCursor.template(token, source: source)
    }

    static func template(_ token: Token, source: SourceText) throws(LineError) -> Template {
        do {
            return try Template(parsing: token.text)
        } catch {
            // Point into the string when it has no escapes, else at the whole string.
            let raw = source.text(token.span)
            var span = token.span
            if raw.count == token.text.count + 2 {
                let prefix = String(token.text.prefix(error.offset))
                let start = token.span.lowerBound + 1 + prefix.utf8.count
                let marked = String(token.text.dropFirst(error.offset).prefix(error.length))
                span = start..<(start + max(1, marked.utf8.count))
            }
            var label: String? = nil
            if let found = error.found, let suggestion = Suggestions.closest(to: found, among: Keywords.canaryKinds) {
                label = "did you mean \"\(suggestion)\"?"
            } else if error.found != nil {
                label = "expected " + list(Keywords.canaryKinds)
            }
            throw LineError(message: error.message, span: span, label: label)
        }
    }

    /// Reads a duration with a unit (`500ms`, `2s`, `3m`, `1h`, `3d`) within `range`.
    mutating func expectDuration(_ what: String, in range: ClosedRange<Milliseconds>) throws(LineError) -> Milliseconds {
        try expectNumber(what, in: range, parse: LineCursor.duration, invalid: { "invalid duration \"\($0)\" for \(what)" },
                         hint: "write a whole number with ms, s, m, h or d, like 500ms, 2s or 3d",
                         bounds: "must be from \(Durations.format(range.lowerBound)) to \(Durations.format(range.upperBound))")
    }

    static func duration(_ text: String) -> Milliseconds? {
        var digits: Int64 = 0
        var count = 0
        var unit = ""
        for byte in text.utf8 {
            if unit.isEmpty, byte >= 0x30, byte <= 0x39 {
                guard count < 12 else { return nil }
                digits = digits * 10 + Int64(byte - 0x30)
                count += 1
            } else {
                unit.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        guard count > 0 else { return nil }
        switch unit {
        case "ms": return digits
        case "s": return digits * 1_000
        case "m": return digits * 60_000
        case "h": return digits * 3_600_000
        case "d": return digits * 86_400_000
        default: return nil
        }
    }

    /// A whole number written with ASCII digits and an optional leading minus, at most 12 digits.
    static func integer(_ text: String) -> Int? {
        var value = 0
        var count = 0
        var negative = false
        for byte in text.utf8 {
            if byte == 0x2D, count == 0, !negative { negative = true; continue }
            guard byte >= 0x30, byte <= 0x39, count < 12 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            count += 1
        }
        guard count > 0 else { return nil }
        return negative ? -value : value
    }

    /// Reads a whole number within `range`.
    mutating func expectInteger(_ what: String, in range: ClosedRange<Int>) throws(LineError) -> Int {
        try expectNumber(what, in: range, parse: LineCursor.integer, invalid: { "expected \(what), found \"\($0)\"" },
                         hint: "write a whole number", bounds: "must be from \(range.lowerBound) to \(range.upperBound)")
    }

    /// Reads a byte size such as `65536`, `64kb` or `1mb` within `range`.
    mutating func expectByteSize(_ what: String, in range: ClosedRange<Int>) throws(LineError) -> Int {
        try expectNumber(what, in: range, parse: LineCursor.byteSize, invalid: { "expected \(what), found \"\($0)\"" },
                         hint: "write bytes, like 65536, 64kb or 1mb", bounds: "must be from \(range.lowerBound) to \(range.upperBound) bytes")
    }

    static func byteSize(_ word: String) -> Int? {
        var text = Substring(word)
        var factor = 1
        if text.hasSuffix("kb") { factor = 1_000; text = text.dropLast(2) } else if text.hasSuffix("mb") { factor = 1_000_000; text = text.dropLast(2) }
        guard !text.isEmpty, text.count <= 12, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else { return nil }
        return number * factor
    }

    /// Reads one word as a number with `parse` and checks it is within `range`; the messages say what was wrong and how to write it.
    private mutating func expectNumber<Number: Comparable>(
        _ what: String, in range: ClosedRange<Number>, parse: (String) -> Number?, invalid: (String) -> String, hint: String, bounds: String
    ) throws(LineError) -> Number {
        guard let word = nextWord() else { throw missing(what) }
        guard let value = parse(word.text) else {
            throw LineError(message: invalid(word.text), span: word.span, label: hint)
        }
        guard range.contains(value) else {
            throw LineError(message: "\(LineCursor.bare(what)) \(word.text) is out of range", span: word.span, label: bounds)
        }
        return value
    }

    /// Reads a JSON value that runs to its balanced end.
    mutating func expectJSON(_ what: String) throws(LineError) -> JSONValue {
        guard !atEnd() else { throw missing(what) }
        let start = position
        let first = bytes[position]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            var depth = 0
            var inString = false
            while position < end {
                let byte = bytes[position]
                if inString {
                    if byte == UInt8(ascii: "\\") { position += 2; continue }
                    if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { position += 1; break }
                }
                position += 1
            }
            position = min(position, end)
            if depth != 0 {
                throw LineError(message: "unterminated JSON in \(what)", span: start..<(start + 1), label: "this bracket is never closed on this line")
            }
        } else if first == UInt8(ascii: "\"") {
            _ = try expectString(what)
        } else {
            _ = nextWord()
        }
        let range = start..<position
        do {
            return try JSONReader.parse(Array(bytes[range]))
        } catch {
            let offset = min(start + error.offset, max(start, position - 1))
            throw LineError(message: "invalid JSON in \(what)", span: offset..<(offset + 1), label: error.message)
        }
    }

    /// Fails unless only spaces or a comment remain.
    mutating func expectEnd(after what: String) throws(LineError) {
        guard atEnd() else {
            let span = position..<end
            var trimmed = span
            while trimmed.upperBound > trimmed.lowerBound, LineCursor.isSpace(bytes[trimmed.upperBound - 1]) { trimmed = trimmed.lowerBound..<(trimmed.upperBound - 1) }
            throw LineError(message: "unexpected text after \(what)", span: trimmed, label: "remove this or start a new line")
        }
    }
}

/// Formats and reads durations in their shortest exact unit.
enum Durations {
    /// `1500` → `1500ms`, `2000` → `2s`, `180000` → `3m`, `3600000` → `1h`, `259200000` → `3d`.
    static func format(_ value: Milliseconds) -> String {
        if value != 0, value % 86_400_000 == 0 { return "\(value / 86_400_000)d" }
        if value != 0, value % 3_600_000 == 0 { return "\(value / 3_600_000)h" }
        if value != 0, value % 60_000 == 0 { return "\(value / 60_000)m" }
        if value != 0, value % 1_000 == 0 { return "\(value / 1_000)s" }
        return "\(value)ms"
    }
}
