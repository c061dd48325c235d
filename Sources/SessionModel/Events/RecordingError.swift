/// Why a recording (or one event in it) could not be read, and exactly where.
///
/// Printed as `event 41 (.data.adds[3].node): missing member "id"`, with the
/// byte position first when the JSON text itself is broken.
public struct RecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, in plain words.
    public var message: String
    /// The index of the event in the recording, when the problem is inside one.
    public var eventIndex: Int?
    /// Where inside the event (or the document, without an event) the problem is.
    public var path: JSONPath
    /// Byte offset, line and column in the input, for problems in the JSON text.
    public var position: (offset: Int, line: Int, column: Int)?

    public init(message: String, eventIndex: Int? = nil, path: JSONPath = .root, position: (offset: Int, line: Int, column: Int)? = nil) {
        self.message = message
        self.eventIndex = eventIndex
        self.path = path
        self.position = position
    }

    public static func == (lhs: RecordingError, rhs: RecordingError) -> Bool {
        lhs.message == rhs.message && lhs.eventIndex == rhs.eventIndex && lhs.path == rhs.path
            && lhs.position?.offset == rhs.position?.offset
    }

    /// The place, e.g. `line 3, column 9 (byte 120), event 41 (.data.adds[3].node)`.
    public var place: String {
        var parts: [String] = []
        if let position { parts.append("line \(position.line), column \(position.column) (byte \(position.offset))") }
        if let eventIndex {
            parts.append(path.components.isEmpty ? "event \(eventIndex)" : "event \(eventIndex) (\(path))")
        } else if !path.components.isEmpty {
            parts.append("at \(path)")
        }
        return parts.joined(separator: ", ")
    }

    public var description: String {
        let place = place
        return place.isEmpty ? message : "\(place): \(message)"
    }

    /// The same error one level further out (used while decoding nested values).
    func prefixed(_ component: JSONPathComponent) -> RecordingError {
        var copy = self
        copy.path.components.insert(component, at: 0)
        return copy
    }
}
