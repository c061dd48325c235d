import SessionModel

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
        text += ControlCharacters.escaped(diagnostic.message)
        text += "\n --> "
        text += ControlCharacters.escaped(diagnostic.location.file)
        text += ":"
        text += lineNumber
        text += ":"
        text += String(diagnostic.location.column)
        text += "\n"
        text += lineNumber
        text += " |"
        let shownLine = excerpt(of: line, column: diagnostic.location.column, length: diagnostic.length)
        if !shownLine.scalars.isEmpty {
            text += " "
            if shownLine.cutBefore { text += "…" }
            for scalar in shownLine.scalars { text += shown(scalar) }
            if shownLine.cutAfter { text += "…" }
        }
        text += "\n"
        text += gutter
        text += " | "
        if shownLine.cutBefore { text += " " }
        var remaining = shownLine.column - 1
        for scalar in shownLine.scalars where remaining > 0 {
            text += scalar == "\t" ? "\t" : String(repeating: " ", count: displayWidth(of: scalar))
            remaining -= 1
        }
        text += String(repeating: " ", count: remaining)
        // One caret a column the underlined scalars take as shown, so an escaped control is underlined whole.
        let underlined = shownLine.scalars.dropFirst(shownLine.column - 1).prefix(shownLine.length)
        text += String(repeating: "^", count: underlined.reduce(shownLine.length - underlined.count) { $0 + displayWidth(of: $1) })
        if let label = diagnostic.label {
            text += " "
            text += ControlCharacters.escaped(label)
        }
        text += "\n"
        for note in diagnostic.notes {
            text += gutter
            text += " = "
            text += ControlCharacters.escaped(note)
            text += "\n"
        }
        return text
    }

    /// How many scalars of a source line are shown at most; a longer line is cut to a window around the caret.
    static let widestShownLine = 120

    /// The part of `line` shown: all of it, or `widestShownLine` scalars starting a little before `column`, with the
    /// caret's column and length within that part.
    private static func excerpt(of line: String, column: Int, length: Int) -> (scalars: ArraySlice<Unicode.Scalar>, column: Int, length: Int, cutBefore: Bool, cutAfter: Bool) {
        let scalars = Array(line.unicodeScalars)
        let caret = max(0, column - 1)
        guard scalars.count > widestShownLine else { return (scalars[...], caret + 1, length, false, false) }
        let start = min(max(0, caret - widestShownLine / 3), max(0, scalars.count - widestShownLine))
        let end = min(scalars.count, start + widestShownLine)
        let shownCaret = min(caret, end) - start
        return (scalars[start..<end], shownCaret + 1, min(length, max(1, end - start - shownCaret)), start > 0, end < scalars.count)
    }

    /// How a source scalar is shown: a control character (other than tab) as a visible escape, so a file cannot drive the terminal.
    static func shown(_ scalar: Unicode.Scalar) -> String {
        scalar != "\t" && isControl(scalar) ? ControlCharacters.escaped(String(scalar)) : String(scalar)
    }

    /// The terminal columns `scalar` takes as shown: escapes their length, combining marks none, East Asian wide characters and emoji two.
    static func displayWidth(of scalar: Unicode.Scalar) -> Int {
        if isControl(scalar) { return shown(scalar).count }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Several diagnostics separated by blank lines.
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }
}
