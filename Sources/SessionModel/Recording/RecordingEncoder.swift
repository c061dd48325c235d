/// Writes events as canonical JSON: one array, or NDJSON with one event per line.
public enum RecordingEncoder {
    /// The events as one canonical JSON array.
    public static func encodeArray(_ events: [Event], style: JSONWriter.Style = .compact) -> [UInt8] {
        var writer = JSONWriter(style: style, reservingCapacity: max(4096, events.count * 256))
        writer.writeArray(events)
        return writer.bytes
    }

    /// One canonical JSON array holding the elements of compact canonical arrays, in order: the same bytes
    /// `encodeArray(_:style:)` gives for the events of all of them.
    ///
    /// Events encoded once as they are made (`EventListEncoder`) can so be written as
    /// recordings, compact or pretty, alone or joined, without encoding them again.
    public static func concatenate(_ arrays: [EncodedJSON], style: JSONWriter.Style = .compact) -> [UInt8] {
        if arrays.count == 1 {
            // Read in place: a recording alone is printed from the buffer it was encoded into.
            return arrays[0].withUnsafeBytes { style == .pretty ? PrettyPrinter.pretty($0) : Array($0) }
        }
        var joined: [UInt8] = [UInt8(ascii: "[")]
        joined.reserveCapacity(arrays.reduce(2) { $0 + $1.count })
        for array in arrays where array.count > 2 {
            if joined.count > 1 { joined.append(UInt8(ascii: ",")) }
            array.withUnsafeBytes { joined.append(contentsOf: $0[1..<($0.count - 1)]) }
        }
        joined.append(UInt8(ascii: "]"))
        return style == .pretty ? PrettyPrinter.pretty(joined) : joined
    }

    /// The events as NDJSON: each event's canonical JSON followed by a newline.
    public static func encodeLines(_ events: [Event]) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: max(4096, events.count * 256))
        for event in events {
            event.write(to: &writer)
            writer.writeRaw([0x0A])
        }
        return writer.bytes
    }
}
