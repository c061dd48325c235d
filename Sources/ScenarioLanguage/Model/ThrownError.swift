/// The uncaught JavaScript error a `throw` step makes the page throw: its constructor name, message template and stack.
///
/// The simulator records it as SessionModel's `ScriptError`, with the message rendered.
public struct ThrownError: Sendable, Equatable {
    /// The error's constructor name (`TypeError`).
    public var type: String
    /// The error message.
    public var message: Template
    /// The stack, innermost frame first.
    public var frames: [StackFrame]

    /// Creates an error.
    public init(type: String, message: Template, frames: [StackFrame] = []) {
        self.type = type
        self.message = message
        self.frames = frames
    }
}

/// One frame of a JavaScript stack trace.
public struct StackFrame: Sendable, Equatable {
    /// The function name (`handlePay`), or empty for anonymous code.
    public var function: String
    /// The script URL.
    public var url: String
    /// The 1-based line in the script.
    public var line: Int
    /// The 1-based column in the line.
    public var column: Int

    /// Creates a frame.
    public init(function: String, url: String, line: Int, column: Int) {
        self.function = function
        self.url = url
        self.line = line
        self.column = column
    }
}
