// Unsafe by design: this parser scans its input through raw buffer pointers, in place and without
// bounds checks, for speed; pulling the scanning out would split every loop in two and cost
// throughput. Its shared primitives are in Internal/Unsafe (ByteScanning, ByteBuffer); every read
// stays within the input buffer the caller borrowed for the parse.

#if canImport(Glibc)
import Glibc
#endif

/// Reads JSON text (RFC 8259) into `JSONValue`s, quickly and with precise errors.
///
/// Errors name the byte offset, line and column, and the path of the value being
/// read. Input is never trusted: nesting is limited, invalid UTF-8 is reported,
/// and numbers too large for a Double are an error rather than infinity.
///
/// ```swift
/// let value = try JSONReader.parse(Array(#"[{"type":4}]"#.utf8))
/// ```
public struct JSONReader {
    /// How deeply arrays and objects may nest before the input is rejected: room for a page `deepestPage` elements deep.
    ///
    /// Each element costs two levels (the node and its `childNodes`), so this is
    /// `UploadBatch.jsonDepth(pageElements: deepestPage)`. Reading never recurses,
    /// so the limit is about hostile input, not the machine stack.
    public static let defaultMaximumDepth = UploadBatch.jsonDepth(pageElements: deepestPage)

    /// The deepest page a recording may hold, in nested elements: browsers build deeper trees through the DOM than their parsers allow (512).
    public static let deepestPage = 4_096

    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let maximumDepth: Int
    /// The deepest nesting level opened since it was last set to 0, so a caller can release a deep value without recursion.
    var deepestLevel = 0
    /// The arrays and objects open while a container is read, innermost last; kept between values so reading allocates it once.
    private var open: [OpenContainer] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.index = 0
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON value that fills the whole input (surrounding white space allowed).
    public static func parse(_ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth) throws(JSONParseError) -> JSONValue {
        try parseMeasuringDepth(bytes, maximumDepth: maximumDepth).value
    }

    /// Parses one JSON value that fills the whole input, with the deepest nesting level it reached (for `JSONValue.release`).
    package static func parseMeasuringDepth(
        _ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> (value: JSONValue, depth: Int) {
        let result: Result<(value: JSONValue, depth: Int), JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> (value: JSONValue, depth: Int) in
                var reader = JSONReader(bytes: buffer, maximumDepth: maximumDepth)
                do throws(JSONParseError) {
                    reader.skipWhitespace()
                    let value = try reader.parseValue(depth: 0)
                    reader.skipWhitespace()
                    if reader.index < buffer.count {
                        throw reader.error("unexpected data after the JSON value")
                    }
                    return (value, reader.deepestLevel)
                } catch {
                    throw locate(error, in: buffer)
                }
            }
        }
        return try result.get()
    }

    /// Parses a JSON text given as a string.
    public static func parse(_ text: String, maximumDepth: Int = defaultMaximumDepth) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maximumDepth: maximumDepth)
    }

    /// Parses consecutive JSON values separated by white space (NDJSON and concatenated JSON).
    ///
    /// Each error's path starts with the index of the value in the sequence.
    public static func parseSequence(_ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth) throws(JSONParseError) -> [JSONValue] {
        let result: Result<[JSONValue], JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> [JSONValue] in
                var reader = JSONReader(bytes: buffer, maximumDepth: maximumDepth)
                var values: [JSONValue] = []
                do throws(JSONParseError) {
                    reader.skipWhitespace()
                    while reader.index < buffer.count {
                        do throws(JSONParseError) {
                            values.append(try reader.parseValue(depth: 0))
                        } catch {
                            throw error.prefixed(.index(values.count))
                        }
                        reader.skipWhitespace()
                    }
                    return values
                } catch {
                    throw locate(error, in: buffer)
                }
            }
        }
        return try result.get()
    }

    private static func locate(_ error: JSONParseError, in buffer: UnsafeBufferPointer<UInt8>) -> JSONParseError {
        var located = error
        (located.line, located.column) = JSONParseError.location(of: error.offset, in: buffer)
        return located
    }

    // MARK: - Values

    private func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(message: message, offset: offset ?? index, line: 0, column: 0)
    }

    /// Moves past white space; inlined, as compact JSON mostly has none and a call would cost more than the check.
    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A:
                // After a line break comes the indentation of pretty-printed JSON, often dozens of spaces: skipped a word at a time.
                index = Self.whitespaceEnd(in: bytes, from: index + 1)
                return
            case 0x20, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Reads the value at the cursor, whose container (if any) is at nesting level `depth`.
    ///
    /// Arrays and objects are read with an explicit stack of the containers
    /// still open, never by recursion, so a document as deep as
    /// `maximumDepth` allows needs no more machine stack than a flat one.
    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return try parseContainer(depth: depth)
        default: return try parseScalar()
        }
    }

    /// A string, number or literal at the cursor.
    private mutating func parseScalar() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character \(describe(bytes[index])), expected a value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = index
        let count = literal.utf8CodeUnitCount
        let pointer = literal.utf8Start
        for offset in 0..<count {
            guard index < bytes.count else { throw error("unexpected end of input in literal '\(literal)'", at: start) }
            guard bytes[index] == pointer[offset] else { throw error("invalid literal, expected '\(literal)'", at: start) }
            index += 1
        }
    }

    /// Reads the array or object at the cursor and everything inside it, one open container per stack entry.
    private mutating func parseContainer(depth: Int) throws(JSONParseError) -> JSONValue {
        open.removeAll(keepingCapacity: true)
        var value: JSONValue
        do throws(JSONParseError) {
            readValue: while true {
                // At the start of a value: open a container, or read a scalar.
                let opening = bytes[index]
                if opening == UInt8(ascii: "{") || opening == UInt8(ascii: "[") {
                    let isObject = opening == UInt8(ascii: "{")
                    try checkNesting(depth + open.count + 1)
                    index += 1
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        index += 1
                        value = isObject ? .object(JSONObject()) : .array([])
                    } else {
                        open.append(OpenContainer(isObject: isObject))
                        if isObject {
                            try readMemberName()
                        } else if index >= bytes.count {
                            throw error("unexpected end of input, expected a value")
                        }
                        continue readValue
                    }
                } else {
                    value = try parseScalar()
                }
                // A value is complete: hand it to the innermost open container, closing as many as end here.
                while let top = open.indices.last {
                    skipWhitespace()
                    if open[top].isObject {
                        open[top].append(member: value)
                        guard index < bytes.count else { throw error("unexpected end of input, expected ',' or '}'") }
                        switch bytes[index] {
                        case UInt8(ascii: ","):
                            index += 1
                            open[top].hasKey = false
                            try readMemberName()
                            continue readValue
                        case UInt8(ascii: "}"):
                            index += 1
                            value = .object(open.removeLast().object)
                        default: throw error("unexpected character \(describe(bytes[index])), expected ',' or '}'")
                        }
                    } else {
                        open[top].elements.append(value)
                        guard index < bytes.count else { throw error("unexpected end of input, expected ',' or ']'") }
                        switch bytes[index] {
                        case UInt8(ascii: ","):
                            index += 1
                            skipWhitespace()
                            guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
                            continue readValue
                        case UInt8(ascii: "]"):
                            index += 1
                            value = .array(open.removeLast().elements)
                        default: throw error("unexpected character \(describe(bytes[index])), expected ',' or ']'")
                        }
                    }
                }
                return value
            }
        } catch {
            // The path from the outermost open container to the value being read.
            var located = error
            located.path.components.insert(contentsOf: open.compactMap(\.pathComponent), at: 0)
            throw located
        }
    }

    private mutating func checkNesting(_ level: Int) throws(JSONParseError) {
        guard level <= maximumDepth else { throw error("nesting is deeper than \(maximumDepth) levels") }
        if level > deepestLevel { deepestLevel = level }
    }

    /// Reads `"name":` and the white space after it for the innermost open object, whose member it names from then on.
    private mutating func readMemberName() throws(JSONParseError) {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input, expected a member name") }
        guard bytes[index] == UInt8(ascii: "\"") else {
            throw error("unexpected character \(describe(bytes[index])), expected a member name in double quotes")
        }
        let key = try parseString()
        open[open.count - 1].key = key
        open[open.count - 1].hasKey = true
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw error(index < bytes.count ? "expected ':' after member name" : "unexpected end of input, expected ':'")
        }
        index += 1
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
    }

    // MARK: - Strings

    mutating func parseString() throws(JSONParseError) -> String {
        let quote = index
        let start = index + 1
        let (end, isASCII) = Self.stringRun(in: bytes, from: start)
        index = end
        guard index < bytes.count else { throw error("unexpected end of input in string that starts here", at: quote) }
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
            let span = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            if isASCII { return String(decoding: span, as: UTF8.self) }
            guard let text = String(validating: span, as: UTF8.self) else {
                throw error("invalid UTF-8 in string", at: start + Self.firstInvalidUTF8Offset(span))
            }
            return text
        }
        if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
        throw error("control character \(describe(byte)) in string; it must be escaped")
    }

    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var buffer: [UInt8] = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"): appendScalar(try parseUnicodeEscape(), to: &buffer)
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in string", at: index - 2)
                }
            default:
                if byte < 0x20 { throw error("control character \(describe(byte)) in string; it must be escaped") }
                // Copy the run of plain bytes up to the next quote, backslash or control character at once.
                let run = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
                    index += 1
                }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            }
        }
        throw error("unexpected end of input in string", at: start - 1)
    }

    /// Reads the hex digits after `\u`, combining surrogate pairs; a lone surrogate becomes U+FFFD.
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800..<0xDC00).contains(high) {
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                let save = index
                index += 2
                let low = try parseHex4()
                if (0xDC00..<0xE000).contains(low) {
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    return Unicode.Scalar(combined) ?? "\u{FFFD}"
                }
                index = save
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unexpected end of input in \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit \(describe(byte)) in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private func appendScalar(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
        UTF8.encode(scalar) { buffer.append($0) }
    }

    /// The offset of the first byte that is not valid UTF-8, for error messages.
    static func firstInvalidUTF8Offset(_ span: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = 0
        while offset < span.count {
            let lead = span[offset]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return offset
            }
            guard offset + length <= span.count,
                String(validating: UnsafeBufferPointer(rebasing: span[offset..<offset + length]), as: UTF8.self) != nil
            else { return offset }
            offset += length
        }
        return offset
    }

    // MARK: - Numbers

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number, expected a digit", at: start) }
        var integer: Int64 = 0
        var digitCount = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            digitCount = 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("invalid number, leading zeros are not allowed", at: start) }
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                if digitCount < 18 { integer = integer &* 10 &+ Int64(bytes[index] &- UInt8(ascii: "0")) }
                digitCount += 1
                index += 1
            }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number, expected a digit after '.'", at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number, expected a digit in the exponent", at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if isInteger, digitCount <= 18 {
            return .integer(negative ? -integer : integer)
        }
        let span = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if isInteger, digitCount == 19, let exact = Int64(String(decoding: span, as: UTF8.self)) {
            return .integer(exact)
        }
        let value = parseDouble(span)
        guard value.isFinite else { throw error("number is too large to represent", at: start) }
        return .double(value)
    }

    private func parseDouble(_ span: UnsafeBufferPointer<UInt8>) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: span.count + 1) { text in
            for offset in 0..<span.count { text[offset] = CChar(bitPattern: span[offset]) }
            text[span.count] = 0
            return strtod(text.baseAddress!, nil)
        }
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}

extension JSONParseError {
    /// The same error seen from one level further out in the document.
    func prefixed(_ component: JSONPathComponent) -> JSONParseError {
        var copy = self
        copy.path.components.insert(component, at: 0)
        return copy
    }
}

/// An array or object `JSONReader` has opened and not yet closed: what it holds so far.
private struct OpenContainer {
    let isObject: Bool
    var elements: [JSONValue] = []
    var members: [(key: String, value: JSONValue)] = []
    /// The name of the member whose value is being read (objects).
    var key = ""
    /// Whether `key` has been read for the current member.
    var hasKey = false
    var hasDuplicates = false

    init(isObject: Bool) {
        self.isObject = isObject
        // Room for a typical object's members, sparing the first few regrowths.
        if isObject { members.reserveCapacity(4) }
    }

    mutating func append(member value: JSONValue) {
        if !hasDuplicates, members.count < 16 {
            hasDuplicates = members.contains { $0.key == key }
        } else if !hasDuplicates {
            hasDuplicates = Set(members.map(\.key)).contains(key)
        }
        members.append((key: key, value: value))
    }

    /// The finished object; like JavaScript's JSON.parse, the last of duplicate names wins.
    var object: JSONObject {
        hasDuplicates ? JSONObject(members) : JSONObject(uniqueMembers: members)
    }

    /// This container's step in the path of a value being read inside it.
    var pathComponent: JSONPathComponent? {
        if isObject { return hasKey ? .key(key) : nil }
        return .index(elements.count)
    }
}
