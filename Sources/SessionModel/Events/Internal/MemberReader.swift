/// Reads the known members of a JSON object and keeps the rest as extras.
///
/// Typed decoders take each member they understand; whatever is left is kept
/// so that decoding then encoding loses nothing.
struct MemberReader {
    private var object: JSONObject
    /// Bit i is set once member i is taken (objects here have far fewer than 64 members).
    private var takenMask: UInt64 = 0
    /// For the rare object with more than 64 members.
    private var takenOverflow: Set<Int> = []

    init(_ value: JSONValue) throws(RecordingError) {
        guard case .object(let object) = value else {
            throw RecordingError(message: "expected an object, found \(value.kindName)")
        }
        self.init(object)
    }

    init(_ object: JSONObject) {
        self.object = object
    }

    private func isTaken(_ offset: Int) -> Bool {
        offset < 64 ? takenMask & (1 << UInt64(offset)) != 0 : takenOverflow.contains(offset)
    }

    private mutating func markTaken(_ offset: Int) {
        if offset < 64 { takenMask |= 1 << UInt64(offset) } else { takenOverflow.insert(offset) }
    }

    /// The members nobody took, in input order.
    var extras: JSONObject {
        let count = object.count
        if count <= 64, takenMask == (count == 64 ? .max : (1 << UInt64(count)) - 1) { return JSONObject() }
        var rest: [(key: String, value: JSONValue)] = []
        for (offset, member) in object.members.enumerated() where !isTaken(offset) {
            rest.append(member)
        }
        return JSONObject(uniqueMembers: rest)
    }

    /// Takes the raw value of `key`, if present.
    mutating func take(_ key: String) -> JSONValue? {
        let members = object.members
        for offset in members.indices where members[offset].key == key {
            markTaken(offset)
            return members[offset].value
        }
        return nil
    }

    mutating func require(_ key: String) throws(RecordingError) -> JSONValue {
        guard let value = take(key) else { throw RecordingError(message: "missing member \"\(key)\"") }
        return value
    }

    mutating func int(_ key: String) throws(RecordingError) -> Int {
        try Self.int(try require(key), key)
    }

    mutating func optionalInt(_ key: String) throws(RecordingError) -> Int? {
        guard let value = take(key), !value.isNull else { return nil }
        return try Self.int(value, key)
    }

    /// An integer member that may be absent (`.none`) or `null` (`.some(nil)`).
    mutating func nullableInt(_ key: String) throws(RecordingError) -> Int?? {
        guard let value = take(key) else { return .none }
        if value.isNull { return .some(nil) }
        return .some(try Self.int(value, key))
    }

    mutating func int64(_ key: String) throws(RecordingError) -> Int64? {
        guard let value = take(key), !value.isNull else { return nil }
        switch value {
        case .integer(let number): return number
        case .double(let number):
            guard let exact = Int64(exactly: number) else {
                throw RecordingError(message: "expected a whole number, found \(number)").prefixed(.key(key))
            }
            return exact
        default:
            throw RecordingError(message: "expected a number, found \(value.kindName)").prefixed(.key(key))
        }
    }

    mutating func double(_ key: String) throws(RecordingError) -> Double {
        try Self.double(try require(key), key)
    }

    mutating func optionalDouble(_ key: String) throws(RecordingError) -> Double? {
        guard let value = take(key), !value.isNull else { return nil }
        return try Self.double(value, key)
    }

    mutating func string(_ key: String) throws(RecordingError) -> String {
        let value = try require(key)
        guard case .string(let text) = value else {
            throw RecordingError(message: "expected a string, found \(value.kindName)").prefixed(.key(key))
        }
        return text
    }

    mutating func optionalString(_ key: String) throws(RecordingError) -> String? {
        guard let value = take(key), !value.isNull else { return nil }
        guard case .string(let text) = value else {
            throw RecordingError(message: "expected a string, found \(value.kindName)").prefixed(.key(key))
        }
        return text
    }

    mutating func optionalBool(_ key: String) throws(RecordingError) -> Bool? {
        guard let value = take(key), !value.isNull else { return nil }
        guard case .bool(let flag) = value else {
            throw RecordingError(message: "expected true or false, found \(value.kindName)").prefixed(.key(key))
        }
        return flag
    }

    mutating func object(_ key: String) throws(RecordingError) -> JSONObject {
        let value = try require(key)
        guard case .object(let object) = value else {
            throw RecordingError(message: "expected an object, found \(value.kindName)").prefixed(.key(key))
        }
        return object
    }

    mutating func optionalObject(_ key: String) throws(RecordingError) -> JSONObject? {
        guard let value = take(key), !value.isNull else { return nil }
        guard case .object(let object) = value else {
            throw RecordingError(message: "expected an object, found \(value.kindName)").prefixed(.key(key))
        }
        return object
    }

    /// Decodes each element of an array member, naming the index of a failing one.
    mutating func array<Element>(_ key: String, _ decode: (JSONValue) throws(RecordingError) -> Element) throws(RecordingError) -> [Element] {
        guard let value = take(key) else { return [] }
        return try Self.array(value, key, decode)
    }

    mutating func optionalArray<Element>(_ key: String, _ decode: (JSONValue) throws(RecordingError) -> Element) throws(RecordingError) -> [Element]? {
        guard let value = take(key), !value.isNull else { return nil }
        return try Self.array(value, key, decode)
    }

    private static func array<Element>(_ value: JSONValue, _ key: String, _ decode: (JSONValue) throws(RecordingError) -> Element) throws(RecordingError) -> [Element] {
        guard case .array(let elements) = value else {
            throw RecordingError(message: "expected an array, found \(value.kindName)").prefixed(.key(key))
        }
        var decoded: [Element] = []
        decoded.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do throws(RecordingError) {
                decoded.append(try decode(element))
            } catch {
                throw error.prefixed(.index(index)).prefixed(.key(key))
            }
        }
        return decoded
    }

    /// Decodes a nested value, naming `key` in a failure's path.
    mutating func nested<Value>(_ key: String, _ decode: (JSONValue) throws(RecordingError) -> Value) throws(RecordingError) -> Value {
        let value = try require(key)
        do throws(RecordingError) {
            return try decode(value)
        } catch {
            throw error.prefixed(.key(key))
        }
    }

    private static func int(_ value: JSONValue, _ key: String) throws(RecordingError) -> Int {
        switch value {
        case .integer(let number):
            if let exact = Int(exactly: number) { return exact }
        case .double(let number):
            if let exact = Int(exactly: number) { return exact }
            throw RecordingError(message: "expected a whole number, found \(number)").prefixed(.key(key))
        default:
            break
        }
        throw RecordingError(message: "expected a whole number, found \(value.kindName)").prefixed(.key(key))
    }

    private static func double(_ value: JSONValue, _ key: String) throws(RecordingError) -> Double {
        guard let number = value.doubleValue else {
            throw RecordingError(message: "expected a number, found \(value.kindName)").prefixed(.key(key))
        }
        return number
    }
}
