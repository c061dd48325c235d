/// Encodes events one at a time into a compact canonical JSON array.
///
/// `RecordingEncoder.concatenate` turns such arrays into recordings, compact or pretty,
/// alone or joined, without encoding any event again.
///
/// ```swift
/// var encoder = EventListEncoder()
/// let size = encoder.append(event)   // the event's compact size in bytes
/// let recording = encoder.array      // RecordingEncoder.encodeArray(events)
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

    /// The events so far as one compact canonical JSON array.
    package var array: [UInt8] {
        var closed = writer
        closed.endArray()
        return closed.bytes
    }
}
