/// Encodes events one at a time into a compact canonical JSON array.
///
/// `RecordingEncoder.concatenate` turns such arrays into recordings, compact or pretty,
/// alone or joined, without encoding any event again.
///
/// ```swift
/// var encoder = EventListEncoder()
/// let size = encoder.append(event)   // the event's compact size in bytes
/// let recording = encoder.finished() // RecordingEncoder.encodeArray(events), not copied
/// ```
package struct EventListEncoder {
    private var writer: JSONWriter

    package init(reservingCapacity capacity: Int = 4096) {
        writer = JSONWriter(reservingCapacity: capacity)
        writer.beginArray()
    }

    /// Encodes `event` after the ones before it and returns its compact size, without the comma before it.
    @discardableResult
    package mutating func append(_ event: Event) -> Int {
        writer.nextElement()
        let start = writer.count
        event.write(to: &writer)
        return writer.count - start
    }

    /// Encodes `event` with `encodedData`, the compact canonical JSON of its data from `encode(_:)`: the same
    /// bytes as `append(_:)`, without encoding the data again (worth it for a snapshot sent many times).
    @discardableResult
    package mutating func append(_ event: Event, encodedData: [UInt8]) -> Int {
        guard event.extra.isEmpty else { return append(event) }
        writer.nextElement()
        let start = writer.count
        // What `Event.write` writes for an event without extra members.
        writer.writeCompact(#"{"data":"#)
        writer.writeRaw(encodedData)
        if let timestamp = event.timestamp {
            writer.writeCompact(#","timestamp":"#, timestamp, #","type":"#, Int64(event.type.rawValue), closing: "}")
        } else {
            writer.writeCompact(#","type":"#, then: Int64(event.type.rawValue))
            writer.writeCompact("}")
        }
        return writer.count - start
    }

    /// The compact canonical JSON of an event's data, to pass to `append(_:encodedData:)`.
    package static func encode(_ data: EventData) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 4096)
        data.write(to: &writer)
        return writer.bytes
    }

    /// The events as one compact canonical JSON array, handed over without a copy; the encoder is used up.
    package consuming func finished() -> EncodedJSON {
        writer.endArray()
        // Taken out, not copied, as `JSONWriter.finished` takes its bytes.
        var closed = JSONWriter(reservingCapacity: 0)
        swap(&closed, &writer)
        return (consume closed).finished()
    }
}
