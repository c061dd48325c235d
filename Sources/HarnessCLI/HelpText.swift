/// Lays out a verb's usage line and `--help` text from its option declarations.
enum HelpText {
    /// The width help text is wrapped to.
    static let width = 80
    /// Option labels longer than this get their help on the next line.
    static let widestLabelOnItsLine = 24

    /// `Usage: session-harness VERB POSITIONALS [OPTION]...`, wrapped under the first word after the verb.
    static func usage(verb: String, positionals: String, options: [OptionDeclaration]) -> String {
        let prefix = "Usage: session-harness \(verb) "
        let words = (positionals.isEmpty ? [] : [positionals]) + options.map(\.usageWord)
        return prefix + wrap(words, indent: prefix.count, firstLineUsed: prefix.count)
    }

    /// The usage line, the verb's prose, its options by section with `-h, --help` last, and the epilogue.
    static func help(usage: String, about: String, options: [OptionDeclaration], epilogue: String) -> String {
        var sections: [(title: String, rows: [(label: String, help: String)])] = []
        for option in options {
            let row = (label: option.synopsis, help: option.help)
            if let index = sections.firstIndex(where: { $0.title == option.section }) {
                sections[index].rows.append(row)
            } else {
                sections.append((option.section, [row]))
            }
        }
        let helpRow = (label: "-h, --help", help: "Show this help.")
        if sections.isEmpty { sections = [("Options", [helpRow])] } else { sections[sections.count - 1].rows.append(helpRow) }

        let labels = sections.flatMap { $0.rows.map(\.label.count) }.filter { $0 <= widestLabelOnItsLine }
        let column = 2 + (labels.max() ?? 0) + 2
        var lines = [usage, "", about, ""]
        for (number, section) in sections.enumerated() {
            if number > 0 { lines.append("") }
            lines.append(section.title + ":")
            for row in section.rows {
                let text = wrap(row.help.split(separator: " ").map(String.init), indent: column, firstLineUsed: column)
                if row.label.count > widestLabelOnItsLine {
                    lines.append("  " + row.label)
                    lines.append(String(repeating: " ", count: column) + text)
                } else {
                    lines.append("  " + row.label + String(repeating: " ", count: column - 2 - row.label.count) + text)
                }
            }
        }
        lines += ["", epilogue]
        return lines.joined(separator: "\n")
    }

    /// Joins words with spaces, breaking before a word that would pass `width`; later lines start with `indent` spaces.
    private static func wrap(_ words: [String], indent: Int, firstLineUsed: Int) -> String {
        var text = ""
        var used = firstLineUsed
        for (index, word) in words.enumerated() {
            if index > 0 {
                if used + 1 + word.count > width {
                    text += "\n" + String(repeating: " ", count: indent)
                    used = indent
                } else {
                    text += " "
                    used += 1
                }
            }
            text += word
            used += word.count
        }
        return text
    }
}
