import SessionModel

/// Finds the JSON path of a byte offset inside a JSON document without parsing values.
///
/// Walks the structure up to the offset, keeping the stack of keys, indices
/// and where each container starts; only run for a finding, but documents are
/// large, so it touches each byte once and builds strings only for keys.
enum JSONLocator {
    /// One open container on the way to the offset.
    struct Level {
        var start: Int
        /// Inside an array, the element's index.
        var index: Int?
        /// Inside an object, the current key's bytes (between the quotes) and whether it has escapes.
        var key: Range<Int>?
        var keyEscaped = false
    }

    /// The containers around each of `offsets` (sorted ascending), outermost first; nil when `bytes` does not start like JSON.
    ///
    /// One walk serves every offset, so a document with many findings is read once.
    static func levels(in bytes: [UInt8], at offsets: [Int]) -> [[Level]]? {
        var stack: [Level] = []
        var index = 0
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") else { return nil }
        var results: [[Level]] = []
        results.reserveCapacity(offsets.count)
        var next = 0
        var expectingKey = false
        let count = bytes.count
        bytes.withUnsafeBufferPointer { bytes in
            while next < offsets.count {
                let offset = offsets[next]
                guard index <= offset, index < count else {
                    results.append(stack)
                    next += 1
                    continue
                }
                switch bytes[index] {
                case UInt8(ascii: "{"):
                    stack.append(Level(start: index))
                    expectingKey = true
                case UInt8(ascii: "["):
                    stack.append(Level(start: index, index: 0))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if !stack.isEmpty { stack.removeLast() }
                case UInt8(ascii: ","):
                    if let position = stack.last?.index { stack[stack.count - 1].index = position + 1 } else { expectingKey = true }
                case UInt8(ascii: "\""):
                    let start = index + 1
                    var cursor = start
                    var escaped = false
                    while cursor < count, bytes[cursor] != UInt8(ascii: "\"") {
                        if bytes[cursor] == UInt8(ascii: "\\") { escaped = true; cursor += 1 }
                        cursor += 1
                    }
                    // Offsets inside this string belong to the value (or key) it is.
                    while next < offsets.count, offsets[next] >= start, offsets[next] <= cursor {
                        results.append(stack)
                        next += 1
                    }
                    if expectingKey, !stack.isEmpty, stack[stack.count - 1].index == nil {
                        stack[stack.count - 1].key = start..<min(cursor, count)
                        stack[stack.count - 1].keyEscaped = escaped
                        expectingKey = false
                    }
                    index = cursor
                default:
                    break
                }
                index += 1
            }
        }
        return results
    }

    /// The path through `levels`.
    static func path(_ levels: [Level], in bytes: [UInt8]) -> [JSONPathComponent] {
        levels.compactMap { level in
            if let index = level.index { return .index(index) }
            guard let key = level.key else { return nil }
            if level.keyEscaped, let text = (try? JSONReader.parse(Array(bytes[(key.lowerBound - 1)...min(key.upperBound, bytes.count - 1)])))?.stringValue {
                return .key(text)
            }
            return .key(String(decoding: bytes[key], as: UTF8.self))
        }
    }

    /// The offset just past the container that starts at `start`.
    static func end(of start: Int, in bytes: [UInt8]) -> Int? {
        var depth = 0
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return index + 1 }
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1 }
            default: break
            }
            index += 1
        }
        return nil
    }
}
