/// A problem found in a scenario, with its exact place and, when known, what would fix it.
///
/// Diagnostics are values; `DiagnosticRenderer` is the one place that turns them into text.
public struct Diagnostic: Sendable, Equatable {
    /// How serious the problem is.
    public enum Severity: String, Sendable, Equatable {
        /// The file is not valid.
        case error
        /// The file is valid but probably not what was meant.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// The headline (`unknown step "clik"`).
    public var message: String
    /// Where the offending text starts.
    public var location: SourceLocation
    /// How many characters of the line the caret underlines (at least 1).
    public var length: Int
    /// The whole source line, for display.
    public var sourceLine: String
    /// Words written after the carets (`did you mean "click"?`).
    public var label: String?
    /// Extra lines shown as `= note: ...`.
    public var notes: [String]

    /// Creates a diagnostic.
    public init(_ severity: Severity = .error, _ message: String, location: SourceLocation, length: Int, sourceLine: String, label: String? = nil, notes: [String] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.length = max(1, length)
        self.sourceLine = sourceLine
        self.label = label
        self.notes = notes
    }
}

/// All the problems of one file, thrown by `Scenario(parsing:file:)`.
public struct ScenarioDiagnostics: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems in source order.
    public var diagnostics: [Diagnostic]

    /// Creates the error.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The rendered text of every diagnostic.
    public var description: String { DiagnosticRenderer.render(diagnostics) }
}
