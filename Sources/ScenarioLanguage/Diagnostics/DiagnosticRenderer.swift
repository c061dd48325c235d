/// Turns diagnostics into rustc-style text; the only place that does.
///
/// ```
/// error: unknown step "clik"
///  --> Scenarios/checkout.scenario:12:3
/// 12 |   clik "#buy"
///    |   ^^^^ did you mean "click"?
/// ```
public enum DiagnosticRenderer {
    /// One diagnostic, ending with a newline.
    public static func render(_ diagnostic: Diagnostic) -> String {
        // Built by appending rather than interpolating: lint and the fuzz test render a lot.
        let lineNumber = String(diagnostic.location.line)
        let gutter = String(repeating: " ", count: lineNumber.count)
        let line = diagnostic.sourceLine
        var text = ""
        text.reserveCapacity(2 * line.utf8.count + diagnostic.message.utf8.count + 80)
        text += diagnostic.severity.rawValue
        text += ": "
        text += diagnostic.message
        text += "\n --> "
        text += diagnostic.location.file
        text += ":"
        text += lineNumber
        text += ":"
        text += String(diagnostic.location.column)
        text += "\n"
        text += lineNumber
        text += " |"
        if !line.isEmpty {
            text += " "
            text += line
        }
        text += "\n"
        text += gutter
        text += " | "
        var remaining = max(0, diagnostic.location.column - 1)
        for scalar in line.unicodeScalars where remaining > 0 {
            text += scalar == "\t" ? "\t" : " "
            remaining -= 1
        }
        text += String(repeating: " ", count: remaining)
        text += String(repeating: "^", count: diagnostic.length)
        if let label = diagnostic.label {
            text += " "
            text += label
        }
        text += "\n"
        for note in diagnostic.notes {
            text += gutter
            text += " = "
            text += note
            text += "\n"
        }
        return text
    }

    /// Several diagnostics separated by blank lines.
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }
}
