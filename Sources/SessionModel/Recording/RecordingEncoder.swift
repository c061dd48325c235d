/// Writes events as canonical JSON: one array, or NDJSON with one event per line.
public enum RecordingEncoder {
    /// The events as one canonical JSON array.
    public static func encodeArray(_ events: [Event], style: JSONWriter.Style = .compact) -> [UInt8] {
        var writer = JSONWriter(style: style, reservingCapacity: max(4096, events.count * 256))
        writer.writeArray(events)
        return writer.bytes
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
