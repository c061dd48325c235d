import SessionModel

/// The uncaught JavaScript error a `throw` step makes the page throw: its constructor name, message template and stack.
///
/// The simulator records it as SessionModel's `ScriptError`, with the message rendered.
public struct ThrownError: Sendable, Equatable {
    /// The error's constructor name (`TypeError`).
    public var type: String
    /// The error message.
    public var message: Template
    /// The stack, the throwing frame first, as the recording carries it (`function` empty for anonymous code).
    public var frames: [ScriptError.Frame]

    /// Creates an error.
    public init(type: String, message: Template, frames: [ScriptError.Frame] = []) {
        self.type = type
        self.message = message
        self.frames = frames
    }
}
