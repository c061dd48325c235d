import SessionModel

/// Finds the JSON path of a byte offset inside a JSON document without parsing values.
///
/// Walks the structure up to the offset, keeping the stack of keys and
/// indices; only run for a finding, so it need not be fast.
enum JSONLocator {
    /// The path of the innermost value that contains `offset`, or nil when `bytes` does not start like JSON.
    static func path(in bytes: [UInt8], at offset: Int) -> [JSONPathComponent]? {
        enum Container { case object(key: String?), array(index: Int) }
        var stack: [Container] = []
        var index = 0
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") else { return nil }
        var expectingKey = false
        func components() -> [JSONPathComponent] {
            stack.compactMap {
                switch $0 {
                case .object(let key): return key.map(JSONPathComponent.key)
                case .array(let index): return .index(index)
                }
            }
        }
        while index < bytes.count, index <= offset {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(key: nil))
                expectingKey = true
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ","):
                if case .array(let position)? = stack.last { stack[stack.count - 1] = .array(index: position + 1) } else { expectingKey = true }
            case UInt8(ascii: "\""):
                let start = index + 1
                var cursor = start
                while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "\"") { cursor += bytes[cursor] == UInt8(ascii: "\\") ? 2 : 1 }
                if offset >= start, offset <= cursor { return components() }
                if expectingKey, case .object = stack.last {
                    let key = (try? JSONReader.parse(Array(bytes[index...min(cursor, bytes.count - 1)])))?.stringValue
                    stack[stack.count - 1] = .object(key: key ?? String(decoding: bytes[start..<min(cursor, bytes.count)], as: UTF8.self))
                    expectingKey = false
                }
                index = cursor
            default:
                break
            }
            index += 1
        }
        return components()
    }
}
