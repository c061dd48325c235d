/// Encodes events one at a time into one run of compact canonical JSON, joined by commas.
///
/// The run is the body of the events' canonical array: `RecordingEncoder.encodeArray(encodedParts:)`
/// turns it into a recording, compact or pretty, without encoding any event again.
///
/// ```swift
/// var encoder = EventListEncoder()
/// let size = encoder.append(event)   // the event's compact size in bytes
/// let recording = RecordingEncoder.encodeArray(encodedParts: [encoder.bytes])
/// ```
package struct EventListEncoder {
    private var writer: JSONWriter

    package init(reservingCapacity capacity: Int = 4096) {
        writer = JSONWriter(reservingCapacity: capacity)
    }

    /// Encodes `event` after the ones before it and returns its compact size, without the comma before it.
    @discardableResult
    package mutating func append(_ event: Event) -> Int {
        writer.nextElement()
        let start = writer.count
        event.write(to: &writer)
        return writer.count - start
    }

    /// The events so far, compact and joined by commas.
    package var bytes: [UInt8] { writer.bytes }
}
