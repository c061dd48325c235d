/// Decodes a recording, a JSON array of events or NDJSON, from bytes fed in chunks of any size.
///
/// Each event is decoded on its own, so a broken event is reported with its
/// index and JSON path and the events after it are still read. In a sequence
/// (NDJSON) a line may also hold an array of events, as batch logs do.
///
/// ```swift
/// let events = try RecordingDecoder.decode(Array(contentsOf: file))
/// ```
public struct RecordingDecoder {
    /// One decoded event, or why the event at that index could not be decoded.
    public struct Item: Sendable {
        public var index: Int
        public var result: Result<Event, RecordingError>
    }

    private var splitter: JSONValueSplitter
    private var nextIndex = 0
    private var failed = false
    /// The first bytes, held until it is clear whether they are a UTF-8 byte-order mark; nil once decided.
    private var leadingBytes: [UInt8]? = []
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `bytes` without a UTF-8 byte-order mark at the start (editors on Windows write one; JSON forbids it, readers skip it).
    public static func withoutByteOrderMark(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.starts(with: byteOrderMark) ? bytes.dropFirst(3) : bytes[...]
    }

    public init(maximumEventBytes: Int = 64 << 20) {
        splitter = JSONValueSplitter(maximumValueBytes: maximumEventBytes)
    }

    /// Decodes a whole recording, throwing the first problem found.
    public static func decode(_ bytes: [UInt8]) throws(RecordingError) -> [Event] {
        var decoder = RecordingDecoder()
        var events: [Event] = []
        for item in decoder.feed(bytes) + decoder.finish() {
            events.append(try item.result.get())
        }
        return events
    }

    /// Decodes a recording that is one JSON array in a single pass: its events, and why any element could not be decoded.
    ///
    /// Returns nil when the input is not one well-formed JSON array; `feed` then tells where it breaks.
    public static func decodeArray(_ bytes: [UInt8]) -> DecodedArray? {
        JSONReader.decodeEventArray(bytes)
    }

    /// Consumes a chunk and returns the events it completed, in order.
    ///
    /// After a problem with the framing itself (as opposed to one event), the
    /// decoder returns that failure once and ignores the rest of the input.
    public mutating func feed(_ chunk: [UInt8]) -> [Item] {
        guard !failed else { return [] }
        var chunk = chunk
        if var leading = leadingBytes {
            // A byte-order mark may arrive split across chunks.
            leading += chunk
            if leading.count < 3, Self.byteOrderMark.starts(with: leading) {
                leadingBytes = leading
                return []
            }
            leadingBytes = nil
            chunk = Array(Self.withoutByteOrderMark(leading))
        }
        do throws(JSONValueSplitter.Failure) {
            let items = decode(try splitter.feed(chunk))
            if splitter.isBroken { failed = true }
            return items
        } catch {
            return [fail(error)]
        }
    }

    /// Ends the input; returns the last events, or the failure of a stream that stops mid-event.
    public mutating func finish() -> [Item] {
        guard !failed else { return [] }
        var items: [Item] = []
        if let leading = leadingBytes, !leading.isEmpty {
            leadingBytes = nil
            items = feed(leading)
            guard !failed else { return items }
        }
        do throws(JSONValueSplitter.Failure) {
            return items + decode(try splitter.finish())
        } catch {
            return items + [fail(error)]
        }
    }

    private mutating func fail(_ failure: JSONValueSplitter.Failure) -> Item {
        failed = true
        let error = RecordingError(message: failure.message, eventIndex: nextIndex, position: (failure.offset, failure.line, failure.column))
        return Item(index: nextIndex, result: .failure(error))
    }

    private mutating func decode(_ pieces: [JSONValueSplitter.Piece]) -> [Item] {
        var items: [Item] = []
        items.reserveCapacity(pieces.count)
        for piece in pieces {
            let value: JSONValue
            let depth: Int
            do throws(JSONParseError) {
                (value, depth) = try JSONReader.parseMeasuringDepth(piece.bytes)
            } catch {
                items.append(syntaxFailure(error, in: piece))
                continue
            }
            if !splitter.isArrayLayout, case .array(let batch) = value {
                for element in batch { items.append(decodeEvent(element)) }
            } else {
                items.append(decodeEvent(value))
            }
            JSONValue.release(consume value, depth: depth)
        }
        return items
    }

    private mutating func decodeEvent(_ value: JSONValue) -> Item {
        let index = nextIndex
        nextIndex += 1
        do throws(RecordingError) {
            return Item(index: index, result: .success(try Event(json: value)))
        } catch {
            var located = error
            located.eventIndex = index
            return Item(index: index, result: .failure(located))
        }
    }

    /// Turns a syntax error inside one piece into an error naming the event and its place in the stream.
    private mutating func syntaxFailure(_ error: JSONParseError, in piece: JSONValueSplitter.Piece) -> Item {
        var path = error.path
        var index = nextIndex
        if !splitter.isArrayLayout, piece.bytes.first == UInt8(ascii: "["), case .index(let inner)? = path.components.first {
            // A broken event inside a batch line: name that event.
            index += inner
            path = path.droppingFirst
        }
        nextIndex = index + 1
        let line = piece.line + error.line - 1
        let column = error.line == 1 ? piece.column + error.column - 1 : error.column
        let located = RecordingError(message: error.message, eventIndex: index, path: path, position: (piece.offset + error.offset, line, column))
        return Item(index: index, result: .failure(located))
    }
}
