import SessionModel

/// A JavaScript error a page threw, as carried in a recording and as an error tracker stores it.
///
/// In a recording it is an rrweb Custom event with tag `error` and payload
/// `{"type","message","frames":[{"file","line","column","function"}],"handled"}`
/// with frames in JavaScript stack order, the throwing frame first. `frames`
/// here is in Sentry's order, oldest call first and the throwing frame last.
public struct ScriptError: Sendable, Equatable, CustomStringConvertible {
    public struct Frame: Sendable, Equatable {
        public var filename: String
        public var function: String?
        public var line: Int
        public var column: Int

        public init(filename: String, function: String? = nil, line: Int, column: Int) {
            self.filename = filename
            self.function = function
            self.line = line
            self.column = column
        }
    }

    public var type: String
    public var message: String
    public var frames: [Frame]
    /// Milliseconds since the epoch.
    public var timestamp: Int64

    public init(type: String, message: String, frames: [Frame], timestamp: Int64) {
        self.type = type
        self.message = message
        self.frames = frames
        self.timestamp = timestamp
    }

    public var description: String {
        "\(type): \(message)" + frames.map { " at \($0.filename):\($0.line):\($0.column)" }.joined()
    }

    /// The errors carried by `events`, in order.
    public static func extract(from events: [Event]) -> [ScriptError] {
        events.compactMap { event in
            guard case .custom(let custom) = event.data, custom.tag == "error", case .object(let payload) = custom.payload,
                  let type = payload["type"]?.stringValue, let message = payload["message"]?.stringValue
            else { return nil }
            let frames = (payload["frames"]?.arrayValue ?? []).compactMap { frame -> Frame? in
                guard let file = frame["file"]?.stringValue else { return nil }
                return Frame(filename: file, function: frame["function"]?.stringValue,
                             line: frame["line"]?.intValue ?? 0, column: frame["column"]?.intValue ?? 0)
            }
            return ScriptError(type: type, message: message, frames: frames.reversed(), timestamp: event.timestamp ?? 0)
        }
    }

    /// The Custom event that carries this error in a recording.
    public var event: Event {
        let frames: [JSONValue] = self.frames.reversed().map { frame in
            var object: JSONObject = ["file": .string(frame.filename), "line": .integer(Int64(frame.line)), "column": .integer(Int64(frame.column))]
            if let function = frame.function { object["function"] = .string(function) }
            return .object(object)
        }
        return Event(timestamp: timestamp, data: .custom(CustomEvent(tag: "error", payload: [
            "type": .string(type), "message": .string(message), "frames": .array(frames), "handled": false,
        ])))
    }
}
