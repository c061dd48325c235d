/// A JavaScript error a page threw, as a recording carries it in a Custom event tagged `error`.
///
/// `frames` are in JavaScript stack order, the throwing frame first; error
/// trackers such as Sentry want the reverse, and turn them round themselves.
/// `CustomPayload` reads and writes the event.
///
/// ```swift
/// let error = ScriptError(type: "TypeError", message: "x is undefined", frames: [.init(file: "https://shop.example/app.js", line: 120, column: 14, function: "pay")])
/// let event = Event(timestamp: 1_700_000_000_000, data: .custom(CustomPayload.scriptError(error).customEvent))
/// ```
public struct ScriptError: Sendable, Equatable {
    /// One frame of the error's stack.
    public struct Frame: Sendable, Equatable {
        /// The script URL.
        public var file: String
        /// The 1-based line in the script.
        public var line: Int
        /// The 1-based column in the line.
        public var column: Int
        /// The function name, empty for anonymous code; nil when the recording does not say.
        public var function: String?

        /// Creates a frame.
        public init(file: String, line: Int, column: Int, function: String? = nil) {
            self.file = file
            self.line = line
            self.column = column
            self.function = function
        }
    }

    /// The error's constructor name (`TypeError`).
    public var type: String
    /// The error message.
    public var message: String
    /// The stack, the throwing frame first.
    public var frames: [Frame]
    /// Whether the page caught the error itself.
    public var handled: Bool

    /// Creates an error.
    public init(type: String, message: String, frames: [Frame] = [], handled: Bool = false) {
        self.type = type
        self.message = message
        self.frames = frames
        self.handled = handled
    }

    /// The errors `events` carry, in order, each with its event's timestamp (0 when the event has none).
    package static func thrown(in events: [Event]) -> [(timestamp: Int64, error: ScriptError)] {
        events.compactMap { event in
            guard case .custom(let custom) = event.data, case .scriptError(let error) = CustomPayload(custom) else { return nil }
            return (event.timestamp ?? 0, error)
        }
    }
}
