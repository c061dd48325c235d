/// Writes a typed object's members in canonical order, interleaving its extras.
///
/// Callers name their known keys in sorted (UTF-8 byte) order; any extra member
/// whose key sorts before the next known key is written first, so the output is
/// the same as writing the whole object as a `JSONValue`.
struct MemberWriter {
    private let extras: [(key: String, value: JSONValue)]
    private var next = 0

    /// Begins the object on `writer`.
    init(_ writer: inout JSONWriter, extras: JSONObject) {
        self.extras = extras.isEmpty ? [] : extras.sortedMembers
        writer.beginObject()
    }

    /// Writes the name of the next known member; the caller writes its value.
    mutating func key(_ key: StaticString, _ writer: inout JSONWriter) {
        if next < extras.count { flushExtras(before: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount), &writer) }
        writer.writeKey(plain: key)
    }

    /// Writes the remaining extras and closes the object.
    mutating func end(_ writer: inout JSONWriter) {
        flushExtras(before: nil, &writer)
        writer.endObject()
    }

    private mutating func flushExtras(before key: UnsafeBufferPointer<UInt8>?, _ writer: inout JSONWriter) {
        while next < extras.count {
            let extra = extras[next]
            if let key, !extra.key.utf8.lexicographicallyPrecedes(key) { return }
            writer.writeKey(extra.key)
            writer.write(extra.value)
            next += 1
        }
    }
}
