/// Writes events as canonical JSON: one array, or NDJSON with one event per line.
public enum RecordingEncoder {
    /// The events as one canonical JSON array.
    public static func encodeArray(_ events: [Event], style: JSONWriter.Style = .compact) -> [UInt8] {
        var writer = JSONWriter(style: style, reservingCapacity: max(4096, events.count * 256))
        writer.writeArray(events)
        return writer.bytes
    }

    /// The canonical JSON array of events that were encoded before, the same bytes `encodeArray(_:style:)` gives.
    ///
    /// Each part is compact canonical events joined by commas, as `EventListEncoder`
    /// builds them; empty parts add nothing. Events encoded once as they are made can
    /// so be written as a recording without encoding them again.
    public static func encodeArray(encodedParts parts: [[UInt8]], style: JSONWriter.Style = .compact) -> [UInt8] {
        var compact: [UInt8] = []
        compact.reserveCapacity(parts.reduce(2) { $0 + $1.count + 1 })
        compact.append(UInt8(ascii: "["))
        for part in parts where !part.isEmpty {
            if compact.count > 1 { compact.append(UInt8(ascii: ",")) }
            compact.append(contentsOf: part)
        }
        compact.append(UInt8(ascii: "]"))
        return style == .pretty ? PrettyPrinter.pretty(compact) : compact
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
