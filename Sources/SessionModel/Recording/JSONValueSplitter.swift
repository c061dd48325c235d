// Unsafe by design: this parser scans its input through raw buffer pointers, in place and without
// bounds checks, for speed; pulling the scanning out would split every loop in two and cost
// throughput. Its shared primitives are in Internal/Unsafe (ByteScanning, ByteBuffer); every read
// stays within the input buffer the caller borrowed for the parse.

/// Cuts a byte stream into top-level JSON values, fed in chunks of any size.
///
/// Two layouts are understood: one JSON array (each element is a value) and a
/// sequence of values separated by white space (NDJSON, or JSON texts written
/// back to back). The splitter only tracks strings and nesting; each value's
/// bytes are then parsed on their own, so one broken value does not hide the
/// values after it.
public struct JSONValueSplitter {
    /// A complete top-level value and where it started in the stream.
    public struct Piece: Sendable {
        public var bytes: [UInt8]
        public var offset: Int
        public var line: Int
        public var column: Int
    }

    /// Why the stream cannot be cut into values.
    public struct Failure: Error, Sendable, Equatable {
        public var message: String
        public var offset: Int
        public var line: Int
        public var column: Int
    }

    private enum Layout {
        case undetermined
        case array
        case sequence
        case closedArray
    }

    /// The largest value accepted, in bytes.
    public let maximumValueBytes: Int

    private var layout = Layout.undetermined
    private var pending: [UInt8] = []
    private var inValue = false
    private var depth = 0
    /// The open brackets of the current value, innermost last.
    private var openBrackets: [UInt8] = []
    /// A closing bracket did not match; the rest of the input cannot be framed.
    public private(set) var isBroken = false
    private var inString = false
    private var escaped = false
    /// The last byte of the current value outside its strings that is not white space (a string's closing quote counts).
    private var lastToken: UInt8 = 0
    private var expectingValue = false
    private var valueStart = (offset: 0, line: 1, column: 1)
    private var arrayStart = (offset: 0, line: 1, column: 1)
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    public init(maximumValueBytes: Int = 64 << 20) {
        self.maximumValueBytes = maximumValueBytes
    }

    /// Whether the stream is one JSON array (as opposed to a sequence of values).
    public var isArrayLayout: Bool { layout == .array || layout == .closedArray }

    /// Consumes `chunk` and returns the values it completed.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws(Failure) -> [Piece] {
        guard !isBroken else { return [] }
        var pieces: [Piece] = []
        var segmentStart = 0
        var index = 0
        let count = chunk.count
        while index < count {
            let byte = chunk[index]
            if inString {
                if index == lineStart, isLineCutShort(before: byte, inString: true) {
                    pieces.append(try cutShort(chunk, segmentStart, index))
                    segmentStart = index
                    continue
                }
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    lastToken = byte
                    if depth == 0, layout == .sequence {
                        // A top-level string in a sequence ends here.
                        index += 1
                        pieces.append(try complete(chunk, segmentStart, index))
                        segmentStart = index
                        continue
                    }
                } else if byte == 0x0A {
                    newline(at: index)
                }
                index += 1
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0D, 0x0A:
                if byte == 0x0A { newline(at: index) }
                if inValue, depth == 0 {
                    // White space ends a top-level value; in an array a ',' or ']' may still follow.
                    pieces.append(try complete(chunk, segmentStart, index))
                    afterValue = true
                }
                if !inValue { segmentStart = index + 1 }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if index == lineStart, isLineCutShort(before: byte, inString: false) {
                    pieces.append(try cutShort(chunk, segmentStart, index))
                    segmentStart = index
                }
                lastToken = byte
                if layout == .closedArray, byte == UInt8(ascii: "["), !inValue {
                    // Another array after the first: the input is a sequence of batch arrays.
                    layout = .sequence
                }
                if layout == .undetermined {
                    if byte == UInt8(ascii: "[") {
                        layout = .array
                        expectingValue = true
                        arrayStart = position(at: index)
                        segmentStart = index + 1
                        break
                    }
                    layout = .sequence
                }
                try startValueIfNeeded(chunk, index, &segmentStart)
                depth += 1
                openBrackets.append(byte)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 {
                    if layout == .array, byte == UInt8(ascii: "]") {
                        if inValue {
                            pieces.append(try complete(chunk, segmentStart, index))
                        } else if expectingValue, valueCount > 0 {
                            throw failure("expected a value after ',' but found ']'", at: index)
                        }
                        layout = .closedArray
                        segmentStart = index + 1
                        break
                    }
                    throw failure("unexpected '\(Character(Unicode.Scalar(byte)))'", at: index)
                }
                let opener = openBrackets.removeLast()
                depth -= 1
                lastToken = byte
                if (opener == UInt8(ascii: "[")) != (byte == UInt8(ascii: "]")) {
                    // Mismatched brackets: hand over what we have so the parser can
                    // say exactly what is wrong, and stop framing.
                    isBroken = true
                    pieces.append(try complete(chunk, segmentStart, index + 1))
                    offset += count
                    return pieces
                }
                if depth == 0, layout == .sequence {
                    index += 1
                    pieces.append(try complete(chunk, segmentStart, index))
                    segmentStart = index
                    continue
                }
            case UInt8(ascii: ","):
                lastToken = byte
                if depth == 0 {
                    guard layout == .array else { throw failure("unexpected ',' between top-level values", at: index) }
                    guard inValue || afterValue else { throw failure("expected a value before ','", at: index) }
                    if inValue { pieces.append(try complete(chunk, segmentStart, index)) }
                    afterValue = false
                    expectingValue = true
                    segmentStart = index + 1
                }
            case UInt8(ascii: "\""):
                if layout == .undetermined { layout = .sequence }
                try startValueIfNeeded(chunk, index, &segmentStart)
                inString = true
            default:
                lastToken = byte
                if layout == .undetermined { layout = .sequence }
                try startValueIfNeeded(chunk, index, &segmentStart)
            }
            index += 1
        }
        if inValue, segmentStart < count {
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[segmentStart..<count]))
            if pending.count > maximumValueBytes {
                throw Failure(message: "a value is larger than the limit of \(maximumValueBytes) bytes", offset: valueStart.offset, line: valueStart.line, column: valueStart.column)
            }
        }
        offset += count
        lineStart -= count
        return pieces
    }

    /// Consumes `chunk` given as an array.
    public mutating func feed(_ chunk: [UInt8]) throws(Failure) -> [Piece] {
        let result: Result<[Piece], Failure> = chunk.withUnsafeBufferPointer { buffer in
            Result { () throws(Failure) -> [Piece] in try feed(buffer) }
        }
        return try result.get()
    }

    /// Ends the stream; throws when it stops inside a value or an unclosed array.
    public mutating func finish() throws(Failure) -> [Piece] {
        guard !isBroken else { return [] }
        if inValue, depth == 0, !inString, layout == .sequence {
            let piece = Piece(bytes: pending, offset: valueStart.offset, line: valueStart.line, column: valueStart.column)
            pending = []
            inValue = false
            return [piece]
        }
        if inValue {
            throw Failure(message: "unexpected end of input inside the value that starts here", offset: valueStart.offset, line: valueStart.line, column: valueStart.column)
        }
        if layout == .array {
            throw Failure(message: "unexpected end of input: no ']' closes the array that starts here", offset: arrayStart.offset, line: arrayStart.line, column: arrayStart.column)
        }
        return []
    }

    // MARK: - Helpers

    /// How many values were completed, for the trailing-comma check.
    private var valueCount = 0
    /// A value just ended at white space, so a ',' may follow.
    private var afterValue = false

    private mutating func startValueIfNeeded(_ chunk: UnsafeBufferPointer<UInt8>, _ index: Int, _ segmentStart: inout Int) throws(Failure) {
        guard !inValue else { return }
        if layout == .closedArray { throw failure("unexpected data after the end of the array", at: index) }
        if layout == .array, !expectingValue { throw failure("expected ',' or ']' between values", at: index) }
        inValue = true
        afterValue = false
        expectingValue = false
        valueStart = position(at: index)
        segmentStart = index
    }

    private mutating func complete(_ chunk: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(Failure) -> Piece {
        var bytes = pending
        pending = []
        if start < end { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<end])) }
        if bytes.count > maximumValueBytes {
            throw Failure(message: "a value is larger than the limit of \(maximumValueBytes) bytes", offset: valueStart.offset, line: valueStart.line, column: valueStart.column)
        }
        inValue = false
        valueCount += 1
        return Piece(bytes: bytes, offset: valueStart.offset, line: valueStart.line, column: valueStart.column)
    }

    /// Whether a `{` or `[` at the start of a line, inside a value of a sequence, starts the next value
    /// because the line before was cut short (as when a recorder died writing an event).
    ///
    /// It is never so in valid JSON, so no well-formed input is cut: inside a value, `{` and `[` come
    /// only after `:`, `,` or `[` (`lastToken`), and a string never holds a raw line break.
    private func isLineCutShort(before byte: UInt8, inString: Bool) -> Bool {
        guard layout == .sequence, inValue, byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") else { return false }
        if inString { return true }
        return depth > 0 && lastToken != UInt8(ascii: ":") && lastToken != UInt8(ascii: ",") && lastToken != UInt8(ascii: "[")
            && lastToken != UInt8(ascii: "{")
    }

    /// Hands over the value cut short before `end` as it is, for its parser to say where it breaks, and
    /// leaves the splitter between values.
    private mutating func cutShort(_ chunk: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(Failure) -> Piece {
        depth = 0
        openBrackets.removeAll()
        inString = false
        escaped = false
        var piece = try complete(chunk, start, end)
        // Without the line break, so the parser says the value stops at the end of its own line.
        while let last = piece.bytes.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { piece.bytes.removeLast() }
        return piece
    }

    private mutating func newline(at index: Int) {
        line += 1
        lineStart = index + 1
    }

    private func position(at index: Int) -> (offset: Int, line: Int, column: Int) {
        (offset + index, line, index - lineStart + 1)
    }

    private func failure(_ message: String, at index: Int) -> Failure {
        let place = position(at: index)
        return Failure(message: message, offset: place.offset, line: place.line, column: place.column)
    }
}
