/// An element's inline `style` declarations, edited property by property as rrweb's style diffs require.
///
/// Parsing splits on `;` outside parentheses and quotes; printing uses the
/// browser's `cssText` shape, `prop: value; other: value !important;`.
struct InlineStyle {
    private(set) var declarations: [(property: String, value: String, important: Bool)] = []

    init(_ text: String) {
        for part in Self.split(text) {
            guard let colon = part.utf8.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let property = Self.trimmed(part[..<colon]).lowercased()
            var value = Self.trimmed(part[part.index(after: colon)...])
            var important = false
            if value.lowercased().hasSuffix("!important") {
                important = true
                value = Self.trimmed(value.dropLast("!important".count))
            }
            guard !property.isEmpty else { continue }
            set(property, value, important: important)
        }
    }

    /// `text` without spaces and tabs at either end: the characters of Foundation's `.whitespaces`
    /// (Unicode space separators and tab), found without bridging to Foundation.
    private static func trimmed(_ text: Substring) -> String {
        // Almost always the ends are ASCII: trim spaces and tabs byte by byte, and look at scalars only when an end is not.
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while start < end, utf8[utf8.index(before: end)] == 0x20 || utf8[utf8.index(before: end)] == 0x09 { end = utf8.index(before: end) }
        if start == end { return "" }
        if utf8[start] < 0x80, utf8[utf8.index(before: end)] < 0x80 { return String(text[start..<end]) }
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    mutating func set(_ property: String, _ value: String, important: Bool) {
        if value.isEmpty {
            remove(property)
            return
        }
        if let index = declarations.firstIndex(where: { $0.property == property }) {
            declarations[index].value = value
            declarations[index].important = important
        } else {
            declarations.append((property, value, important))
        }
    }

    mutating func remove(_ property: String) {
        declarations.removeAll { $0.property == property }
    }

    var text: String {
        declarations.map { "\($0.property): \($0.value)\($0.important ? " !important" : "");" }.joined(separator: " ")
    }

    /// `text` cut at each `;` outside parentheses and quotes.
    ///
    /// Every delimiter is ASCII, and no byte of a multi-byte UTF-8 character
    /// is, so the UTF-8 bytes are scanned instead of the (much slower) characters.
    private static func split(_ text: String) -> [String] {
        var parts: [String] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var depth = 0
        var quote: UInt8?
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth = max(0, depth - 1)
            } else if byte == UInt8(ascii: ";"), depth == 0 {
                parts.append(String(text[start..<index]))
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        parts.append(String(text[start..<bytes.endIndex]))
        return parts
    }
}
