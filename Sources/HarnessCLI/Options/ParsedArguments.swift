import SessionModel

/// A verb's arguments read against its option declarations: the values of each option and the positional words.
///
/// ```swift
/// let parsed = try ParsedArguments(["--seed", "7", "a.scenario"], options: [.value("--seed", "N", help: "...")])
/// parsed.value("--seed")   // "7"
/// parsed.positionals       // ["a.scenario"]
/// ```
struct ParsedArguments {
    /// The words that are not options, in order; everything after `--` is one of them.
    private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private let declarations: [OptionDeclaration]

    /// Reads `arguments`; an unknown option, a missing value, a bad whole number or a repeated
    /// single-valued option is a usage error.
    init(_ arguments: [String], options declarations: [OptionDeclaration]) throws(CommandError) {
        self.declarations = declarations
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                positionals += arguments[index...]
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                positionals.append(argument)
                continue
            }
            let name = String(argument.prefix { $0 != "=" })
            guard let declaration = declarations.first(where: { $0.name == name }) else {
                throw Self.unknownOption(name, among: declarations.map(\.name) + ["--help"])
            }
            let value: String
            if case .flag = declaration.kind {
                guard name == argument else { throw .usage("\(name) takes no value") }
                value = ""
            } else if name != argument {
                value = String(argument.dropFirst(name.count + 1))
            } else {
                guard index < arguments.count else { throw .usage("\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            if case .integer(_, let range) = declaration.kind {
                guard let number = Int(value), range.contains(number) else {
                    throw .usage("\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(value)'")
                }
            }
            if !declaration.isRepeatable, values[name] != nil { throw .usage("\(name) given twice") }
            values[name, default: []].append(value)
        }
    }

    /// Whether the flag was given.
    func flag(_ name: String) -> Bool {
        precondition(declared(name), "\(name) is not declared")
        return values[name] != nil
    }

    /// The value of a single-valued option, or nil when it was not given.
    func value(_ name: String) -> String? {
        values(name).first
    }

    /// Every value of a repeatable option, in the order given.
    func values(_ name: String) -> [String] {
        precondition(declared(name), "\(name) is not declared")
        return values[name] ?? []
    }

    /// The value of an `.integer` option, already checked against its range.
    func integer(_ name: String) -> Int? {
        value(name).flatMap { Int($0) }
    }

    /// The value converted by `convert`; a value it rejects is a usage error "NAME takes EXPECTED, not 'VALUE'".
    func value<Value>(_ name: String, as convert: (String) -> Value?, expecting expected: String) throws(CommandError) -> Value? {
        guard let text = value(name) else { return nil }
        guard let converted = convert(text) else { throw .usage("\(name) takes \(expected), not '\(text)'") }
        return converted
    }

    func declared(_ name: String) -> Bool {
        declarations.contains { $0.name == name }
    }

    private static func unknownOption(_ name: String, among known: [String]) -> CommandError {
        var message = "unknown option '\(name)'"
        if let suggestion = Suggestions.closest(to: name, among: known) {
            message += "; did you mean '\(suggestion)'?"
        }
        return .usage(message)
    }
}
