/// A recording that is one JSON array, decoded in a single pass: its events, and the elements that could not be decoded.
public struct DecodedArray: Sendable {
    /// The decoded events, in array order.
    public var events: [Event]
    /// Each decoded event's index in the array (undecodable elements count too).
    public var indices: [Int]
    /// The elements that could not be decoded: their index in the array and the error `Event(json:)` gives.
    public var failures: [(index: Int, error: RecordingError)]

}
