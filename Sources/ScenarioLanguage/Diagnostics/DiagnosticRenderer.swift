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
        let lineNumber = String(diagnostic.location.line)
        let gutter = String(repeating: " ", count: lineNumber.count)
        var text = "\(diagnostic.severity.rawValue): \(diagnostic.message)\n"
        text += " --> \(diagnostic.location)\n"
        let line = diagnostic.sourceLine
        text += "\(lineNumber) |" + (line.isEmpty ? "" : " " + line) + "\n"
        var padding = ""
        var remaining = max(0, diagnostic.location.column - 1)
        for scalar in line.unicodeScalars where remaining > 0 {
            padding.append(scalar == "\t" ? "\t" : " ")
            remaining -= 1
        }
        padding += String(repeating: " ", count: remaining)
        text += "\(gutter) | " + padding + String(repeating: "^", count: diagnostic.length)
        if let label = diagnostic.label { text += " " + label }
        text += "\n"
        for note in diagnostic.notes {
            text += "\(gutter) = \(note)\n"
        }
        return text
    }

    /// Several diagnostics separated by blank lines.
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }
}
