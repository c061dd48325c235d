// Unsafe by design: this parser scans its input through raw buffer pointers, in place and without
// bounds checks, for speed; pulling the scanning out would split every loop in two and cost
// throughput. Its shared primitives are in Internal/Unsafe (ByteScanning, ByteBuffer); every read
// stays within the input buffer the caller borrowed for the parse.

#if canImport(Glibc)
import Glibc
#endif

/// Reading a JSON array of events straight into typed events, without a `JSONValue` tree for the common shapes.
///
/// Event envelopes, FullSnapshots, mutations and serialized nodes are read
/// member by member, with names matched on their raw bytes. Everything else
/// (other event types and sources, unknown members) is read as `JSONValue`
/// and decoded the usual way. Whenever the input is anything but plain (a
/// duplicate or escaped member name, a value of an unexpected kind, a broken
/// event), the event is read again through `JSONReader` and `Event(json:)`,
/// so results and error messages are exactly those of the general path.
extension JSONReader {
    /// The input left the fast path; the caller reads the same bytes the general way.
    struct Bail: Error {}

    /// The deepest level (counted from the event object) the fast path reads; deeper events bail to the general reader.
    ///
    /// The fast path recurses, a few frames a level; this bound keeps its stack
    /// use small on any thread, and the general reader, which keeps its own
    /// stack, takes the rare deeper event.
    static let fastPathMaximumDepth = 96

    /// Decodes `bytes` when they are one well-formed JSON array; nil otherwise.
    ///
    /// Each element is an event or the error `Event(json:)` gives for it.
    static func decodeEventArray(_ bytes: [UInt8]) -> DecodedArray? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(bytes: buffer, maximumDepth: defaultMaximumDepth)
            return reader.eventArray()
        }
    }

    private mutating func eventArray() -> DecodedArray? {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var decoded = DecodedArray(events: [], indices: [], failures: [])
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            var elementIndex = 0
            while true {
                skipWhitespace()
                let start = index
                do throws(Bail) {
                    decoded.events.append(try event(depth: 1))
                    decoded.indices.append(elementIndex)
                } catch {
                    index = start
                    // Levels are counted from the event object, as when each event is read on its own.
                    deepestLevel = 0
                    guard let value = try? parseValue(depth: 0) else { return nil }
                    do throws(RecordingError) {
                        decoded.events.append(try Event(json: value))
                        decoded.indices.append(elementIndex)
                    } catch {
                        decoded.failures.append((elementIndex, error))
                    }
                    JSONValue.release(consume value, depth: deepestLevel)
                }
                elementIndex += 1
                skipWhitespace()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    break
                }
                guard bytes[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
        }
        skipWhitespace()
        return index == bytes.count ? decoded : nil
    }

    // MARK: - Typed values

    private mutating func event(depth: Int) throws(Bail) -> Event {
        var type: Int?
        var timestamp: Int64?
        var typed: EventData?
        var generic: JSONValue?
        let extra = try members(depth: depth) { reader, name throws(Bail) -> UInt64 in
            if name == "type" {
                type = try reader.int()
                return 1 << 0
            }
            if name == "timestamp" {
                timestamp = try reader.nullOr { reader throws(Bail) in try reader.int64() }
                return 1 << 1
            }
            if name == "data" {
                (typed, generic) = try reader.eventData(depth: depth, type: type.map(EventType.init(rawValue:)))
                return 1 << 2
            }
            return 0
        }
        guard let type else { throw Bail() }
        let eventType = EventType(rawValue: type)
        let data: EventData
        // Taken, not copied: the member closure captured `typed`, so reading it would retain every field of the data.
        if let typed = typed.take() {
            guard typed.type == eventType else { throw Bail() }
            data = typed
        } else {
            do throws(RecordingError) {
                data = try EventData(type: eventType, json: generic ?? .object(JSONObject()))
            } catch {
                throw Bail()
            }
        }
        return Event(timestamp: timestamp, data: data, extra: extra)
    }

    /// Reads an event's `data`: typed when the event type (known, or guessed from the first member name) has a fast reader.
    private mutating func eventData(depth: Int, type: EventType?) throws(Bail) -> (EventData?, JSONValue?) {
        let guess = type ?? guessedType()
        if guess == .fullSnapshot, peek(UInt8(ascii: "{")) {
            return (.fullSnapshot(try fullSnapshot(depth: depth + 1)), nil)
        }
        if guess == .incrementalSnapshot, peek(UInt8(ascii: "{")) {
            let start = index
            do throws(Bail) {
                return (.incrementalSnapshot(.mutation(try mutation(depth: depth + 1))), nil)
            } catch {
                // Another source, or something only the general path can judge.
                index = start
            }
        }
        return (nil, try value(depth: depth))
    }

    /// The event type that an event `data` object starting at the cursor most likely belongs to, from its first member name.
    private func guessedType() -> EventType? {
        var probe = self
        guard probe.peek(UInt8(ascii: "{")) else { return nil }
        probe.index += 1
        probe.skipWhitespace()
        guard let name = try? probe.name() else { return nil }
        if name == "node" || name == "initialOffset" { return .fullSnapshot }
        if name == "source" || name == "adds" || name == "removes" || name == "texts" || name == "attributes" || name == "isAttachIframe" {
            return .incrementalSnapshot
        }
        return nil
    }

    private mutating func fullSnapshot(depth: Int) throws(Bail) -> FullSnapshot {
        var node: SerializedNode?
        var initialOffset: ScrollOffset?
        let extra = try members(depth: depth) { reader, name throws(Bail) -> UInt64 in
            if name == "node" {
                node = try reader.serializedNode(depth: depth + 1)
                return 1 << 0
            }
            if name == "initialOffset" {
                let value = try reader.value(depth: depth)
                if !value.isNull {
                    do throws(RecordingError) {
                        initialOffset = try ScrollOffset(json: value)
                    } catch {
                        throw Bail()
                    }
                }
                return 1 << 1
            }
            return 0
        }
        guard let node else { throw Bail() }
        return FullSnapshot(node: node, initialOffset: initialOffset, extra: extra)
    }

    /// Reads incremental data as a mutation; bails for any other source.
    private mutating func mutation(depth: Int) throws(Bail) -> Mutation {
        var isMutation = false
        var mutation = Mutation()
        mutation.extra = try members(depth: depth) { reader, name throws(Bail) -> UInt64 in
            if name == "source" {
                guard case .integer(0) = try reader.number() else { throw Bail() }
                isMutation = true
                return 1 << 0
            }
            if name == "adds" {
                mutation.adds = try reader.array(depth: depth + 1) { reader throws(Bail) in try reader.addedNode(depth: depth + 2) }
                return 1 << 1
            }
            if name == "removes" {
                mutation.removes = try reader.array(depth: depth + 1) { reader throws(Bail) in try reader.removedNode(depth: depth + 2) }
                return 1 << 2
            }
            if name == "texts" {
                mutation.texts = try reader.array(depth: depth + 1) { reader throws(Bail) in try reader.textChange(depth: depth + 2) }
                return 1 << 3
            }
            if name == "attributes" {
                mutation.attributes = try reader.array(depth: depth + 1) { reader throws(Bail) in try reader.attributeChange(depth: depth + 2) }
                return 1 << 4
            }
            if name == "isAttachIframe" {
                mutation.isAttachIframe = try reader.nullOr { reader throws(Bail) in try reader.bool() }
                return 1 << 5
            }
            return 0
        }
        guard isMutation else { throw Bail() }
        return mutation
    }

    private mutating func addedNode(depth: Int) throws(Bail) -> AddedNode {
        var parentId: Int?
        var nextId: Int?? = .none
        var previousId: Int?? = .none
        var node: SerializedNode?
        let extra = try members(depth: depth) { reader, name throws(Bail) -> UInt64 in
            if name == "parentId" {
                parentId = try reader.int()
                return 1 << 0
            }
            if name == "nextId" {
                nextId = .some(try reader.nullOr { reader throws(Bail) in try reader.int() })
                return 1 << 1
            }
            if name == "node" {
                node = try reader.serializedNode(depth: depth + 1)
                return 1 << 2
            }
            if name == "previousId" {
                previousId = .some(try reader.nullOr { reader throws(Bail) in try reader.int() })
                return 1 << 3
            }
            return 0
        }
        // Taken, not copied: the member closure captured `node`, so reading it would retain every field.
        guard let parentId, let node = node.take() else { throw Bail() }
        var added = AddedNode(parentId: parentId, nextId: nil, node: node, extra: extra)
        added.nextId = nextId
        added.previousId = previousId
        return added
    }

    private mutating func removedNode(depth: Int) throws(Bail) -> RemovedNode {
        var parentId: Int?
        var id: Int?
        var isShadow: Bool?
        let extra = try members(depth: depth) { reader, name throws(Bail) -> UInt64 in
            if name == "parentId" {
                parentId = try reader.int()
                return 1 << 0
            }
            if name == "id" {
                id = try reader.int()
                return 1 << 1
            }
            if name == "isShadow" {
                isShadow = try reader.nullOr { reader throws(Bail) in try reader.bool() }
                return 1 << 2
            }
            return 0
        }
        guard let parentId, let id else { throw Bail() }
        return RemovedNode(parentId: parentId, id: id, isShadow: isShadow, extra: extra)
    }

    private mutating func textChange(depth: Int) throws(Bail) -> TextChange {
        var id: Int?
        var value: String?
        let extra = try members(depth: depth) { reader, name throws(Bail) -> UInt64 in
            if name == "id" {
                id = try reader.int()
                return 1 << 0
            }
            if name == "value" {
                value = try reader.nullOr { reader throws(Bail) in try reader.string() }
                return 1 << 1
            }
            return 0
        }
        guard let id else { throw Bail() }
        return TextChange(id: id, value: value, extra: extra)
    }

    private mutating func attributeChange(depth: Int) throws(Bail) -> AttributeChange {
        var id: Int?
        var attributes: JSONObject?
        let extra = try members(depth: depth) { reader, name throws(Bail) -> UInt64 in
            if name == "id" {
                id = try reader.int()
                return 1 << 0
            }
            if name == "attributes" {
                attributes = try reader.attributeObject(depth: depth + 1)
                return 1 << 1
            }
            return 0
        }
        guard let id, let attributes else { throw Bail() }
        return AttributeChange(id: id, attributes: attributes, extra: extra)
    }

    private mutating func serializedNode(depth: Int) throws(Bail) -> SerializedNode {
        guard peek(UInt8(ascii: "{")) else { throw Bail() }
        // Each member in a local of its own, the node made once at the end: a node the member closure captured would be copied out, every field retained.
        var type: Int?
        var id: Int?
        var tagName: String?
        var attributes: JSONObject?
        var childNodes: [SerializedNode]?
        var textContent: String?
        var name: String?
        var publicId: String?
        var systemId: String?
        var compatMode: String?
        var isSVG: Bool?
        var isCustom: Bool?
        var isStyle: Bool?
        var isShadowHost: Bool?
        var isShadow: Bool?
        var rootId: Int?
        let extra = try members(depth: depth) { reader, member throws(Bail) -> UInt64 in
            switch member.count {
            case 2 where member == "id":
                id = try reader.int()
                return 1 << 0
            case 4 where member == "type":
                type = try reader.int()
                return 1 << 1
            case 4 where member == "name":
                name = try reader.optionalString()
                return 1 << 2
            case 6 where member == "rootId":
                rootId = try reader.nullOr { reader throws(Bail) in try reader.int() }
                return 1 << 3
            case 5 where member == "isSVG":
                isSVG = try reader.nullOr { reader throws(Bail) in try reader.bool() }
                return 1 << 4
            case 7 where member == "tagName":
                tagName = try reader.optionalString()
                return 1 << 5
            case 7 where member == "isStyle":
                isStyle = try reader.nullOr { reader throws(Bail) in try reader.bool() }
                return 1 << 6
            case 8 where member == "isCustom":
                isCustom = try reader.nullOr { reader throws(Bail) in try reader.bool() }
                return 1 << 7
            case 8 where member == "isShadow":
                isShadow = try reader.nullOr { reader throws(Bail) in try reader.bool() }
                return 1 << 8
            case 8 where member == "publicId":
                publicId = try reader.optionalString()
                return 1 << 9
            case 8 where member == "systemId":
                systemId = try reader.optionalString()
                return 1 << 10
            case 10 where member == "attributes":
                attributes = try reader.nullOr { reader throws(Bail) in try reader.attributeObject(depth: depth + 1) }
                return 1 << 11
            case 10 where member == "childNodes":
                childNodes = try reader.nullOr { reader throws(Bail) in
                    try reader.array(depth: depth + 1) { reader throws(Bail) in try reader.serializedNode(depth: depth + 2) }
                }
                return 1 << 12
            case 10 where member == "compatMode":
                compatMode = try reader.optionalString()
                return 1 << 13
            case 11 where member == "textContent":
                textContent = try reader.optionalString()
                return 1 << 14
            case 12 where member == "isShadowHost":
                isShadowHost = try reader.nullOr { reader throws(Bail) in try reader.bool() }
                return 1 << 15
            default:
                return 0
            }
        }
        guard let type, let id else { throw Bail() }
        let nodeType = NodeType(rawValue: type)
        if nodeType == .element, tagName == nil { throw Bail() }
        return SerializedNode(
            type: nodeType, id: id, tagName: tagName.take(), attributes: attributes.take(), childNodes: childNodes.take(),
            textContent: textContent.take(), name: name.take(), publicId: publicId.take(), systemId: systemId.take(),
            compatMode: compatMode.take(), isSVG: isSVG, isCustom: isCustom, isStyle: isStyle, isShadowHost: isShadowHost,
            isShadow: isShadow, rootId: rootId, extra: extra)
    }

    // MARK: - Members and elements

    /// Reads the object at the cursor, handing each member name to `member`.
    ///
    /// `member` reads the value of a name it knows and returns that name's
    /// bit, or returns 0 without reading; such members become the returned
    /// extras. A repeated or escaped name bails, since the last one would win.
    private mutating func members(
        depth: Int, _ member: (inout JSONReader, UnsafeBufferPointer<UInt8>) throws(Bail) -> UInt64
    ) throws(Bail) -> JSONObject {
        guard depth <= Self.fastPathMaximumDepth, peek(UInt8(ascii: "{")) else { throw Bail() }
        index += 1
        var seen: UInt64 = 0
        var extra: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            return JSONObject()
        }
        while true {
            skipWhitespace()
            let nameStart = index
            let name = try self.name()
            try nameSeparator()
            let bit = try member(&self, name)
            if bit == 0 {
                let valueStart = index
                index = nameStart
                guard let key = try? parseString() else { throw Bail() }
                index = valueStart
                guard !extra.contains(where: { $0.key == key }) else { throw Bail() }
                extra.append((key: key, value: try extraValue(depth: depth)))
            } else {
                guard seen & bit == 0 else { throw Bail() }
                seen |= bit
            }
            if try closesAfterElement(UInt8(ascii: "}")) { return JSONObject(uniqueMembers: extra) }
        }
    }

    /// Reads the value of a member the model does not know: a string or a plain whole number in place (an event's `sessionId`, `delay`), any other value the general way.
    private mutating func extraValue(depth: Int) throws(Bail) -> JSONValue {
        if peek(UInt8(ascii: "\"")) { return .string(try string()) }
        if let number = plainInteger() { return .integer(Int64(number)) }
        return try value(depth: depth)
    }

    /// Reads an object of attributes: each name, and each string value, in place; any other value the general way.
    ///
    /// Attribute values are nearly all strings, so this spares the general
    /// parser's container stack and a `JSONValue` around every object. A
    /// repeated name bails, since the last one would win.
    private mutating func attributeObject(depth: Int) throws(Bail) -> JSONObject {
        guard depth <= Self.fastPathMaximumDepth, peek(UInt8(ascii: "{")) else { throw Bail() }
        index += 1
        var attributes: [(key: String, value: JSONValue)] = []
        // Room for a typical element's attributes, sparing the first regrowths.
        attributes.reserveCapacity(4)
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            return JSONObject()
        }
        while true {
            skipWhitespace()
            let key = try string()
            try nameSeparator()
            let value: JSONValue = peek(UInt8(ascii: "\"")) ? .string(try string()) : try self.value(depth: depth + 1)
            guard !attributes.contains(where: { $0.key == key }) else { throw Bail() }
            attributes.append((key: key, value: value))
            if try closesAfterElement(UInt8(ascii: "}")) { return JSONObject(uniqueMembers: attributes) }
        }
    }

    /// Reads the array at the cursor, each element with `element`.
    private mutating func array<Element>(depth: Int, _ element: (inout JSONReader) throws(Bail) -> Element) throws(Bail) -> [Element] {
        guard depth <= Self.fastPathMaximumDepth, peek(UInt8(ascii: "[")) else { throw Bail() }
        index += 1
        var elements: [Element] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try element(&self))
            if try closesAfterElement(UInt8(ascii: "]")) { return elements }
        }
    }

    /// Reads the `:` after a member name, and the white space around it.
    @inline(__always)
    private mutating func nameSeparator() throws(Bail) {
        skipWhitespace()
        guard peek(UInt8(ascii: ":")) else { throw Bail() }
        index += 1
        skipWhitespace()
    }

    /// After a member or element: true past `closing`, false past a `,` (another follows); anything else bails.
    @inline(__always)
    private mutating func closesAfterElement(_ closing: UInt8) throws(Bail) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Bail() }
        if bytes[index] == closing {
            index += 1
            return true
        }
        guard bytes[index] == UInt8(ascii: ",") else { throw Bail() }
        index += 1
        return false
    }

    /// The raw bytes of the member name at the cursor, which must have no escapes.
    private mutating func name() throws(Bail) -> UnsafeBufferPointer<UInt8> {
        guard peek(UInt8(ascii: "\"")) else { throw Bail() }
        let start = index + 1
        // It ends at the closing quote; a backslash, a control character or the end of the input bails.
        let end = Self.stringRun(in: bytes, from: start).end
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { throw Bail() }
        index = end + 1
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    // MARK: - Scalars

    private func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    /// Nil for a JSON `null` at the cursor, otherwise what `read` reads.
    private mutating func nullOr<Value>(_ read: (inout JSONReader) throws(Bail) -> Value) throws(Bail) -> Value? {
        if peek(UInt8(ascii: "n")) {
            do throws(JSONParseError) {
                try expectLiteral("null")
            } catch {
                throw Bail()
            }
            return nil
        }
        return try read(&self)
    }

    private mutating func value(depth: Int) throws(Bail) -> JSONValue {
        do throws(JSONParseError) {
            return try parseValue(depth: depth)
        } catch {
            throw Bail()
        }
    }

    private mutating func number() throws(Bail) -> JSONValue {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] &- UInt8(ascii: "0") < 10 else { throw Bail() }
        do throws(JSONParseError) {
            return try parseNumber()
        } catch {
            throw Bail()
        }
    }

    /// The plain whole number at the cursor (digits only, no leading zero, fewer than 18), read in place; nil, with the cursor left, for any other number.
    ///
    /// Ids, types and timestamps are such numbers; reading them without making a `JSONValue` first is most of the cost saved.
    @inline(__always)
    private mutating func plainInteger() -> Int? {
        var cursor = index
        var value = 0
        while cursor < bytes.count, bytes[cursor] &- UInt8(ascii: "0") < 10, cursor - index < 17 {
            value = value &* 10 &+ Int(bytes[cursor] &- UInt8(ascii: "0"))
            cursor += 1
        }
        let digits = cursor - index
        guard digits > 0, digits == 1 || bytes[index] != UInt8(ascii: "0") else { return nil }
        if cursor < bytes.count {
            let next = bytes[cursor]
            guard next &- UInt8(ascii: "0") >= 10, next != UInt8(ascii: "."), next != UInt8(ascii: "e"), next != UInt8(ascii: "E") else { return nil }
        }
        index = cursor
        return value
    }

    /// A whole number, as `MemberReader.int` accepts it.
    private mutating func int() throws(Bail) -> Int {
        if let value = plainInteger() { return value }
        switch try number() {
        case .integer(let number): if let exact = Int(exactly: number) { return exact }
        case .double(let number): if let exact = Int(exactly: number) { return exact }
        default: break
        }
        throw Bail()
    }

    /// A whole number, as `MemberReader.int64` accepts it.
    private mutating func int64() throws(Bail) -> Int64 {
        if let value = plainInteger() { return Int64(value) }
        switch try number() {
        case .integer(let number): return number
        case .double(let number): if let exact = Int64(exactly: number) { return exact }
        default: break
        }
        throw Bail()
    }

    private mutating func string() throws(Bail) -> String {
        guard peek(UInt8(ascii: "\"")) else { throw Bail() }
        do throws(JSONParseError) {
            return try parseString()
        } catch {
            throw Bail()
        }
    }

    private mutating func optionalString() throws(Bail) -> String? {
        try nullOr { reader throws(Bail) in try reader.string() }
    }

    private mutating func bool() throws(Bail) -> Bool {
        do throws(JSONParseError) {
            if peek(UInt8(ascii: "t")) {
                try expectLiteral("true")
                return true
            }
            if peek(UInt8(ascii: "f")) {
                try expectLiteral("false")
                return false
            }
        } catch {
            throw Bail()
        }
        throw Bail()
    }
}
