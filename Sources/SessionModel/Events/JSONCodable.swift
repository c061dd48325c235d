/// A typed part of a recording that reads itself from JSON and writes canonical JSON.
public protocol JSONCodable: Sendable, Equatable {
    /// Decodes the value, throwing an error whose path points inside `json`.
    init(json: JSONValue) throws(RecordingError)
    /// Writes the value as canonical JSON.
    func write(to writer: inout JSONWriter)
}

extension JSONCodable {
    /// The value as a `JSONValue` tree.
    public var jsonValue: JSONValue {
        var writer = JSONWriter()
        write(to: &writer)
        // The writer only ever produces valid JSON, and no deeper than the value in memory already is.
        return try! JSONReader.parse(writer.bytes, maximumDepth: .max)
    }

    /// The canonical compact JSON bytes of the value.
    public var canonicalBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        write(to: &writer)
        return writer.bytes
    }
}

extension JSONWriter {
    /// Writes an optional number, or nothing; used with `MemberWriter` for optional members.
    mutating func write(_ value: Double?) {
        if let value { write(value) } else { writeNull() }
    }
}
