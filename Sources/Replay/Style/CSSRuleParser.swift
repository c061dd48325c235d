/// Splits CSS text into the rules a browser's CSSOM would hold, for the style-sheet model.
///
/// It finds rule boundaries, not meaning: a rule is a prelude followed by a
/// `{…}` block or ended by `;`. Comments are dropped; strings, parentheses
/// and escapes are respected when looking for boundaries; a block left open
/// at the end of the text is closed there, as browsers do. A block that
/// holds blocks becomes a grouping rule with child rules; grouping deeper
/// than `maximumDepth` is kept as one rule of text, so hostile input cannot
/// exhaust the stack.
struct CSSRuleParser {
    static let maximumDepth = 32
    /// At-rules whose block holds rules, even when it is empty.
    private static let groupingAtRules: Set<String> = [
        "@media", "@supports", "@layer", "@container", "@document", "@-moz-document", "@keyframes",
        "@-webkit-keyframes", "@-moz-keyframes", "@scope", "@starting-style",
    ]

    private let bytes: [UInt8]

    private init(_ text: String) { bytes = Array(text.utf8) }

    /// The rules of `text`, in order.
    static func rules(_ text: String) -> [CSSRule] {
        let parser = CSSRuleParser(text)
        return parser.rules(in: 0..<parser.bytes.count, depth: 0)
    }

    private func rules(in range: Range<Int>, depth: Int) -> [CSSRule] {
        var result: [CSSRule] = []
        var position = range.lowerBound
        while position < range.upperBound {
            let preludeStart = position
            var prelude: [UInt8] = []
            var ended: UInt8?
            var parens = 0
            while position < range.upperBound {
                let byte = bytes[position]
                if byte == UInt8(ascii: "/"), position + 1 < range.upperBound, bytes[position + 1] == UInt8(ascii: "*") {
                    position = commentEnd(from: position, limit: range.upperBound)
                    prelude.append(UInt8(ascii: " "))
                    continue
                }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    let end = stringEnd(from: position, limit: range.upperBound)
                    prelude.append(contentsOf: bytes[position..<end])
                    position = end
                    continue
                }
                if byte == UInt8(ascii: "(") { parens += 1 }
                if byte == UInt8(ascii: ")") { parens = max(0, parens - 1) }
                if parens == 0, byte == UInt8(ascii: "{") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "}") {
                    ended = byte
                    break
                }
                prelude.append(byte)
                position += 1
            }
            let preludeText = Self.trimmed(prelude)
            // Only an at-rule can end without a block (`@import …;`); anything else is invalid and dropped, as browsers do.
            let isStatement = preludeText.hasPrefix("@")
            guard let ended else {
                if isStatement { result.append(CSSRule(prelude: preludeText + ";", body: .statement)) }
                break
            }
            position += 1
            if ended == UInt8(ascii: "}") { continue }  // a stray closing brace
            if ended == UInt8(ascii: ";") {
                if isStatement { result.append(CSSRule(prelude: preludeText + ";", body: .statement)) }
                continue
            }
            let blockStart = position
            let (blockEnd, nested) = blockBounds(from: blockStart, limit: range.upperBound)
            position = min(blockEnd + 1, range.upperBound)
            // The at-rule's name: up to the first space or parenthesis (ASCII in every at-rule there is).
            let keyword = preludeText.hasPrefix("@") ? String(decoding: preludeText.utf8.prefix { $0 != 0x20 && $0 != UInt8(ascii: "(") }, as: UTF8.self).lowercased() : ""
            if nested || Self.groupingAtRules.contains(keyword) {
                if depth + 1 >= Self.maximumDepth {
                    let text = String(decoding: bytes[preludeStart..<position], as: UTF8.self)
                    result.append(CSSRule(prelude: text.trimmingWhitespace(), body: .statement))
                } else {
                    result.append(CSSRule(prelude: preludeText, body: .rules(rules(in: blockStart..<blockEnd, depth: depth + 1))))
                }
            } else {
                let declarations = Self.trimmed(withoutComments(blockStart..<blockEnd))
                result.append(CSSRule(prelude: preludeText, body: .declarations(InlineStyle(declarations))))
            }
        }
        return result
    }

    /// The position of the `}` that closes the block opening at `start` (or `limit`), and whether the block holds blocks.
    private func blockBounds(from start: Int, limit: Int) -> (end: Int, nested: Bool) {
        var depth = 0
        var nested = false
        var position = start
        while position < limit {
            let byte = bytes[position]
            if byte == UInt8(ascii: "/"), position + 1 < limit, bytes[position + 1] == UInt8(ascii: "*") {
                position = commentEnd(from: position, limit: limit)
                continue
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                position = stringEnd(from: position, limit: limit)
                continue
            }
            if byte == UInt8(ascii: "{") {
                depth += 1
                nested = true
            } else if byte == UInt8(ascii: "}") {
                if depth == 0 { return (position, nested) }
                depth -= 1
            }
            position += 1
        }
        return (limit, nested)
    }

    /// The position after the comment that opens at `start`.
    private func commentEnd(from start: Int, limit: Int) -> Int {
        var position = start + 2
        while position + 1 < limit {
            if bytes[position] == UInt8(ascii: "*"), bytes[position + 1] == UInt8(ascii: "/") { return position + 2 }
            position += 1
        }
        return limit
    }

    /// The position after the string that opens at `start` (escapes skipped; a string open at a line break ends there).
    private func stringEnd(from start: Int, limit: Int) -> Int {
        let quote = bytes[start]
        var position = start + 1
        while position < limit {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                position += 2
                continue
            }
            if byte == quote { return position + 1 }
            if byte == UInt8(ascii: "\n") { return position }
            position += 1
        }
        return limit
    }

    private func withoutComments(_ range: Range<Int>) -> [UInt8] {
        var result: [UInt8] = []
        var position = range.lowerBound
        while position < range.upperBound {
            let byte = bytes[position]
            if byte == UInt8(ascii: "/"), position + 1 < range.upperBound, bytes[position + 1] == UInt8(ascii: "*") {
                position = commentEnd(from: position, limit: range.upperBound)
                continue
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                let end = stringEnd(from: position, limit: range.upperBound)
                result.append(contentsOf: bytes[position..<end])
                position = end
                continue
            }
            result.append(byte)
            position += 1
        }
        return result
    }

    /// `bytes` as text with runs of whitespace made one space and the ends trimmed.
    private static func trimmed(_ bytes: [UInt8]) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(0x20) }
                pendingSpace = false
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

extension String {
    /// The string without whitespace at either end.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
