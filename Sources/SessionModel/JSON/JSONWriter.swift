/// Writes canonical JSON: sorted keys, fixed number formatting, UTF-8, the same bytes every time.
///
/// Object members are sorted by the UTF-8 bytes of their keys. Integers print
/// as decimal digits; a double with no fraction below 2^53 prints as an
/// integer (-0 as 0, like JavaScript), and any other double in Swift's
/// shortest round-trip form. Strings
/// escape only what JSON requires (`"`, `\`, control characters).
/// The writer always writes compact text; the pretty style is that text
/// re-indented by `PrettyPrinter` when the bytes are taken, so there is one
/// layout rule and every fast path of the typed writers serves both styles.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.write(["b": 1, "a": [true, nil]])
/// // writer.bytes == Array(#"{"a":[true,null],"b":1}"#.utf8)
/// ```
public struct JSONWriter {
    /// How the output is laid out.
    public enum Style: Sendable {
        /// No white space at all.
        case compact
        /// Two-space indentation, one member or element per line.
        case pretty
    }

    /// The bytes written so far, in the writer's style.
    public var bytes: [UInt8] { style == .pretty ? buffer.withUnsafeBytes { PrettyPrinter.pretty($0) } : buffer.array }
    /// How many bytes of compact text are written so far.
    public var count: Int { buffer.count }
    private var buffer: ByteBuffer
    public let style: Style

    /// The text written, compact, handed over without a copy (`EncodedJSON`); the writer is used up.
    public consuming func finished() -> EncodedJSON {
        precondition(style == .compact, "finished() hands over compact text; a pretty writer's text is `bytes`")
        // Taken out, not copied: a copy would share the storage, and the text would then be copied.
        var text = ByteBuffer(capacity: 0)
        swap(&text, &buffer)
        return EncodedJSON(consume text)
    }

    public init(style: Style = .compact, reservingCapacity capacity: Int = 4096) {
        self.style = style
        buffer = ByteBuffer(capacity: capacity)
    }

    /// The canonical compact text of `value`.
    public static func canonicalString(_ value: JSONValue) -> String {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.write(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The canonical bytes of `value`, compact or pretty; pretty output ends with a newline.
    public static func canonicalBytes(_ value: JSONValue, style: Style = .compact) -> [UInt8] {
        var writer = JSONWriter(style: style)
        writer.write(value)
        return style == .pretty ? writer.bytes + [0x0A] : writer.bytes
    }

    // MARK: - Values

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: writeNull()
        case .bool(let flag): write(flag)
        case .integer(let number): write(number)
        case .double(let number): write(number)
        case .string(let text): write(text)
        case .array(let elements):
            beginArray()
            for element in elements {
                nextElement()
                write(element)
            }
            endArray()
        case .object(let object):
            beginObject()
            for member in object.sortedMembers {
                writeKey(member.key)
                write(member.value)
            }
            endObject()
        }
    }

    public mutating func writeNull() {
        buffer.append(ascii: "null")
    }

    public mutating func write(_ flag: Bool) {
        buffer.append(ascii: flag ? "true" : "false")
    }

    public mutating func write(_ number: Int) {
        write(Int64(number))
    }

    public mutating func write(_ number: Int64) {
        buffer.appendDecimal(number.magnitude, negative: number < 0)
    }

    public mutating func write(_ number: Double) {
        guard number.isFinite else {
            writeNull()
            return
        }
        if let whole = JSONWriter.wholeValue(number) {
            write(whole)
            return
        }
        // Swift writes large whole numbers as "9007199254740992.0"; drop the fraction.
        let text = number.description
        var digits = text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        digits.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// The integer a finite double prints as when it is whole and below 2^53 in magnitude (-0 as 0, as
    /// JavaScript's JSON.stringify does), or nil when it prints with a fraction or exponent.
    static func wholeValue(_ number: Double) -> Int64? {
        // Below 2^53 in magnitude, truncating to Int64 and back is exact only for whole numbers.
        guard abs(number) < 9_007_199_254_740_992, Double(Int64(number)) == number else { return nil }
        return Int64(number)
    }

    public mutating func write(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ writeQuoted($0) }) == nil {
            var contiguous = text
            contiguous.withUTF8 { writeQuoted($0) }
        }
    }

    /// Writes UTF-8 text as a JSON string: copied in runs, with escapes between them.
    private mutating func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let firstEscape = JSONWriter.firstByteNeedingEscape(in: utf8) else {
            buffer.appendQuoted(utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        var runStart = 0
        for offset in firstEscape..<utf8.count {
            let byte = utf8[offset]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < offset { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset])) }
            appendEscape(for: byte)
            runStart = offset + 1
        }
        if runStart < utf8.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        buffer.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(for byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): buffer.append(0x5C, 0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C, 0x5C)
        case 0x0A: buffer.append(0x5C, UInt8(ascii: "n"))
        case 0x0D: buffer.append(0x5C, UInt8(ascii: "r"))
        case 0x09: buffer.append(0x5C, UInt8(ascii: "t"))
        case 0x08: buffer.append(0x5C, UInt8(ascii: "b"))
        case 0x0C: buffer.append(0x5C, UInt8(ascii: "f"))
        default:
            let hex: StaticString = "0123456789abcdef"
            buffer.append(ascii: "\\u00")
            buffer.append(hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)])
        }
    }

    // MARK: - Structure, for writers of typed values

    /// Whether the next member or element is the first of its container.
    private var isFirstInContainer = true

    public mutating func beginObject() {
        buffer.append(UInt8(ascii: "{"))
        isFirstInContainer = true
    }

    public mutating func endObject() {
        buffer.append(UInt8(ascii: "}"))
        isFirstInContainer = false
    }

    public mutating func beginArray() {
        buffer.append(UInt8(ascii: "["))
        isFirstInContainer = true
    }

    public mutating func endArray() {
        buffer.append(UInt8(ascii: "]"))
        isFirstInContainer = false
    }

    /// Starts the next array element, writing the separator it needs.
    public mutating func nextElement() {
        if !isFirstInContainer { buffer.append(UInt8(ascii: ",")) }
        isFirstInContainer = false
    }

    /// Writes a member name and its colon; the caller then writes the value.
    ///
    /// Callers writing typed values must call this in sorted key order.
    public mutating func writeKey(_ key: String) {
        nextElement()
        write(key)
        buffer.append(UInt8(ascii: ":"))
    }

    /// Writes a member name fixed in the source, which must need no escaping; the caller then writes the value.
    ///
    /// Callers writing typed values must call this in sorted key order.
    mutating func writeKey(plain key: StaticString) {
        buffer.appendKey(key, first: isFirstInContainer)
        isFirstInContainer = false
    }

    /// Appends compact JSON text fixed in the source (such as `{"id":`) and then `number`, in one append.
    ///
    /// For typed writers' fast paths: the caller keeps the text canonical. Inlined, so the literal's
    /// length is known where it is copied.
    @inline(__always)
    mutating func writeCompact(_ text: StaticString, then number: Int64) {
        buffer.append(ascii: text, decimal: number)
        isFirstInContainer = false
    }

    /// Appends two pieces of compact JSON text fixed in the source, each followed by a number, and a
    /// closing text (`,"timestamp":N,"type":N}`), with one capacity check; for typed writers' fast paths.
    @inline(__always)
    mutating func writeCompact(_ first: StaticString, _ n1: Int64, _ second: StaticString, _ n2: Int64, closing: StaticString) {
        buffer.append(first, n1, second, n2, closing: closing)
        isFirstInContainer = false
    }

    /// Appends four pieces of compact JSON text fixed in the source, each followed by a number, and a
    /// closing text (`{"id":N,"timeOffset":N,"x":N,"y":N}`), with one capacity check.
    @inline(__always)
    mutating func writeCompact(_ first: StaticString, _ n1: Int64, _ second: StaticString, _ n2: Int64, _ third: StaticString, _ n3: Int64, _ fourth: StaticString, _ n4: Int64, closing: StaticString) {
        buffer.append(first, n1, second, n2, third, n3, fourth, n4, closing: closing)
        isFirstInContainer = false
    }

    /// The most bytes `writeInRoom(_:_:)` writes for `prefix` and a number, for `reserveRoom`.
    @inline(__always)
    static func room(_ prefix: StaticString) -> Int { ByteBuffer.memberRoom(prefix.utf8CodeUnitCount) }

    /// Makes room, with one capacity check, for a run of `writeInRoom` calls: the sum of `room(_:)`
    /// for each member and the length of each plain literal. For the fixed templates of frequent
    /// events, written whole (`{"data":{"id":N,...},"timestamp":N,"type":N}`).
    @inline(__always)
    mutating func reserveRoom(_ room: Int) {
        buffer.reserveRoom(room)
    }

    /// Appends compact JSON text fixed in the source and then `number`, inside the room `reserveRoom` made
    /// (it traps if the run asks for more than it reserved).
    @inline(__always)
    mutating func writeInRoom(_ prefix: StaticString, _ number: Int64) {
        buffer.appendInRoom(prefix, number)
        isFirstInContainer = false
    }

    /// Appends compact JSON text fixed in the source inside the room `reserveRoom` made.
    @inline(__always)
    mutating func writeInRoom(_ literal: StaticString) {
        buffer.appendInRoom(literal)
        isFirstInContainer = false
    }

    /// Appends compact JSON text fixed in the source (such as `}`), for typed writers' fast paths.
    @inline(__always)
    mutating func writeCompact(_ text: StaticString) {
        buffer.append(ascii: text)
        isFirstInContainer = false
    }

    /// Appends JSON text that is already canonical, as a value.
    public mutating func writeRaw(_ canonical: some Sequence<UInt8>) {
        if canonical.withContiguousStorageIfAvailable({ buffer.append(contentsOf: $0) }) == nil {
            Array(canonical).withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
        }
        isFirstInContainer = false
    }
}
