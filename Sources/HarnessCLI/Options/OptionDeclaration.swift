/// One option a verb accepts, declared once: the help text, usage line, known-options list and parser all read it.
///
/// ```swift
/// static let seed = OptionDeclaration("--seed", value: "N", help: "Use this seed instead of each scenario's own.")
/// ```
struct OptionDeclaration: Sendable {
    /// What the option takes on the command line.
    enum Kind: Sendable {
        /// Present or absent, no value: `--json`.
        case flag
        /// One word after it, or after `=`: `--output DIR`, `--output=DIR`.
        case value(placeholder: String)
        /// A whole number in a range: `--port N`.
        case integer(placeholder: String, range: ClosedRange<Int>)
    }

    /// The name with its dashes, such as `--seed`.
    var name: String
    var kind: Kind
    /// What the option does, in one or more sentences; wrapped to fit the help's column.
    var help: String
    /// Whether it may be given more than once; a non-repeatable option given twice is a usage error.
    var isRepeatable: Bool
    /// Whether the verb cannot run without it; shown outside brackets in the usage line.
    var isRequired: Bool
    /// The heading the option is listed under in `--help`, such as "Endpoint".
    var section: String
    /// Whether the value is a file the verb writes (`-` for standard output), checked before the verb's work.
    var writesFile = false

    init(_ name: String, kind: Kind, help: String, repeatable: Bool = false, required: Bool = false, section: String = "Options") {
        self.name = name
        self.kind = kind
        self.help = help
        isRepeatable = repeatable
        isRequired = required
        self.section = section
    }

    /// A flag such as `--json`.
    static func flag(_ name: String, help: String, section: String = "Options") -> OptionDeclaration {
        OptionDeclaration(name, kind: .flag, help: help, section: section)
    }

    /// An option with one value, such as `--output DIR`.
    static func value(_ name: String, _ placeholder: String, help: String, repeatable: Bool = false, required: Bool = false,
                      section: String = "Options") -> OptionDeclaration {
        OptionDeclaration(name, kind: .value(placeholder: placeholder), help: help, repeatable: repeatable, required: required, section: section)
    }

    /// An option naming a file the verb writes a report to, such as `--json FILE`; `-` is standard output.
    static func report(_ name: String, help: String, section: String = "Options") -> OptionDeclaration {
        var declaration = OptionDeclaration(name, kind: .value(placeholder: "FILE"), help: help, section: section)
        declaration.writesFile = true
        return declaration
    }

    /// An option whose value is a whole number in `range`, such as `--port N`.
    static func integer(_ name: String, _ placeholder: String, in range: ClosedRange<Int>, help: String) -> OptionDeclaration {
        OptionDeclaration(name, kind: .integer(placeholder: placeholder, range: range), help: help)
    }

    /// The placeholder of the value, or nil for a flag.
    var placeholder: String? {
        switch kind {
        case .flag: nil
        case .value(let placeholder), .integer(let placeholder, _): placeholder
        }
    }

    /// `--seed N`, or `--json` for a flag: how the option is written in help and usage.
    var synopsis: String {
        placeholder.map { name + " " + $0 } ?? name
    }

    /// `[--seed N]`, `--output DIR` or `[--fault NAME[=V]]...`: the option's word in the usage line.
    var usageWord: String {
        var word = isRequired ? synopsis : "[" + synopsis + "]"
        if isRepeatable { word += "..." }
        return word
    }
}
