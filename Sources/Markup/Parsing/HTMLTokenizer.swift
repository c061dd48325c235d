/// A token of HTML source.
enum HTMLToken: Equatable {
    case startTag(String, [HTMLAttribute], selfClosing: Bool)
    case endTag(String)
    case text(String)
    case comment(String)
    case doctype(String)
}

/// Splits HTML bytes into tokens; every call to `next()` consumes at least one byte.
struct HTMLTokenizer {
    private let bytes: [UInt8]
    private var index = 0

    static let rawTextTags: Set<String> = ["script", "style", "textarea", "title", "iframe"]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The byte offset of the next token.
    var offset: Int { index }

    private func byte(_ offset: Int = 0) -> UInt8? {
        let position = index + offset
        return position < bytes.count ? bytes[position] : nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private func starts(with text: String, caseInsensitive: Bool = false) -> Bool {
        var offset = 0
        for expected in text.utf8 {
            guard let actual = byte(offset) else { return false }
            if caseInsensitive ? HTMLTokenizer.lower(actual) != HTMLTokenizer.lower(expected) : actual != expected { return false }
            offset += 1
        }
        return true
    }

    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    mutating func next() -> HTMLToken? {
        guard let first = byte() else { return nil }
        if first == UInt8(ascii: "<") {
            if starts(with: "<!--") { return comment() }
            if starts(with: "<!") || starts(with: "<?") { return declaration() }
            if starts(with: "</"), let next = byte(2), HTMLTokenizer.isLetter(next) { return endTag() }
            if let next = byte(1), HTMLTokenizer.isLetter(next) { return startTag() }
        }
        return text()
    }

    private mutating func text() -> HTMLToken {
        let start = index
        index += 1
        while let current = byte(), current != UInt8(ascii: "<") { index += 1 }
        return .text(CharacterReferences.decode(string(start..<index)))
    }

    private mutating func comment() -> HTMLToken {
        index += 4
        let start = index
        while index < bytes.count, !starts(with: "-->") { index += 1 }
        let body = string(start..<min(index, bytes.count))
        index = min(index + 3, bytes.count)
        return .comment(body)
    }

    private mutating func declaration() -> HTMLToken {
        let start = index + 2
        while let current = byte(), current != UInt8(ascii: ">") { index += 1 }
        let body = string(min(start, index)..<index)
        index = min(index + 1, bytes.count)
        let words = body.split(separator: " ")
        if let first = words.first, first.lowercased() == "doctype" {
            return .doctype(words.dropFirst().first.map { $0.lowercased() } ?? "")
        }
        return .comment(body)
    }

    private mutating func name() -> String {
        let start = index
        while let current = byte(), !HTMLTokenizer.isSpace(current), current != UInt8(ascii: ">"), current != UInt8(ascii: "/") { index += 1 }
        return String(decoding: bytes[start..<index].map(HTMLTokenizer.lower), as: UTF8.self)
    }

    private mutating func endTag() -> HTMLToken {
        index += 2
        let tag = name()
        while let current = byte(), current != UInt8(ascii: ">") { index += 1 }
        index = min(index + 1, bytes.count)
        return .endTag(tag)
    }

    private mutating func skipSpaces() {
        while let current = byte(), HTMLTokenizer.isSpace(current) { index += 1 }
    }

    private mutating func startTag() -> HTMLToken {
        index += 1
        let tag = name()
        var attributes: [HTMLAttribute] = []
        var selfClosing = false
        while true {
            skipSpaces()
            guard let current = byte() else { break }
            if current == UInt8(ascii: ">") { index += 1; break }
            if current == UInt8(ascii: "/") {
                index += 1
                if byte() == UInt8(ascii: ">") { selfClosing = true; index += 1; break }
                continue
            }
            let start = index
            index += 1
            while let c = byte(), !HTMLTokenizer.isSpace(c), c != UInt8(ascii: ">"), c != UInt8(ascii: "/"), c != UInt8(ascii: "=") { index += 1 }
            let attributeName = String(decoding: bytes[start..<index].map(HTMLTokenizer.lower), as: UTF8.self)
            skipSpaces()
            var value = ""
            if byte() == UInt8(ascii: "=") {
                index += 1
                skipSpaces()
                if let quote = byte(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    index += 1
                    let valueStart = index
                    while let c = byte(), c != quote { index += 1 }
                    value = string(valueStart..<index)
                    index = min(index + 1, bytes.count)
                } else {
                    let valueStart = index
                    while let c = byte(), !HTMLTokenizer.isSpace(c), c != UInt8(ascii: ">") { index += 1 }
                    value = string(valueStart..<index)
                }
                value = CharacterReferences.decode(value)
            }
            if !attributes.contains(where: { $0.name == attributeName }) {
                attributes.append(HTMLAttribute(name: attributeName, value: value))
            }
        }
        return .startTag(tag, attributes, selfClosing: selfClosing)
    }

    /// Reads the content of a raw-text element up to its end tag, which it consumes.
    mutating func readRawText(until tag: String) -> String {
        let start = index
        while index < bytes.count {
            if starts(with: "</" + tag, caseInsensitive: true) {
                let after = index + 2 + tag.utf8.count
                if after >= bytes.count || HTMLTokenizer.isSpace(bytes[after]) || bytes[after] == UInt8(ascii: ">") || bytes[after] == UInt8(ascii: "/") {
                    let text = string(start..<index)
                    index = after
                    while let c = byte(), c != UInt8(ascii: ">") { index += 1 }
                    index = min(index + 1, bytes.count)
                    return tag == "textarea" || tag == "title" ? CharacterReferences.decode(text) : text
                }
            }
            index += 1
        }
        let text = string(start..<bytes.count)
        return tag == "textarea" || tag == "title" ? CharacterReferences.decode(text) : text
    }
}
