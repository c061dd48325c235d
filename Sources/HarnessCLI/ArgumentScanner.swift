import SessionModel
/// Reads a verb's arguments: flags, options with values and positional words.
///
/// Errors are thrown as `UsageError` with a message meant for a person; the
/// verb prints it with its usage line and exits 64.
public struct ArgumentScanner {
    private var remaining: [String]
    private var positionals: [String] = []

    public init(_ arguments: [String]) {
        remaining = arguments
    }

    /// Removes `--name` (or an alias) and says whether it was present.
    public mutating func flag(_ names: String...) -> Bool {
        var found = false
        remaining.removeAll { argument in
            if names.contains(argument) { found = true; return true }
            return false
        }
        return found
    }

    /// Removes `--name VALUE` or `--name=VALUE` and returns the last value given.
    public mutating func option(_ name: String) throws(UsageError) -> String? {
        try options(name).last
    }

    /// Removes every `--name VALUE` or `--name=VALUE` and returns the values in order.
    public mutating func options(_ name: String) throws(UsageError) -> [String] {
        var values: [String] = []
        var kept: [String] = []
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            if argument == name {
                guard index + 1 < remaining.count else { throw UsageError("\(name) needs a value") }
                values.append(remaining[index + 1])
                index += 2
                continue
            }
            if argument.hasPrefix(name + "=") {
                values.append(String(argument.dropFirst(name.count + 1)))
            } else {
                kept.append(argument)
            }
            index += 1
        }
        remaining = kept
        return values
    }

    /// Removes an integer option, checking that it is a whole number in `range`.
    public mutating func integerOption(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = try option(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// The positional words left; any remaining `-`-prefixed word is an unknown option.
    public mutating func positionalArguments(knownOptions: [String]) throws(UsageError) -> [String] {
        var words: [String] = []
        var afterSeparator = false
        for argument in remaining {
            if afterSeparator { words.append(argument); continue }
            if argument == "--" { afterSeparator = true; continue }
            if argument.hasPrefix("-"), argument != "-" {
                let name = String(argument.prefix { $0 != "=" })
                var message = "unknown option '\(name)'"
                if let suggestion = Suggestions.closest(to: name, among: knownOptions) {
                    message += "; did you mean '\(suggestion)'?"
                }
                throw UsageError(message)
            }
            words.append(argument)
        }
        remaining = []
        return words
    }
}

/// A command line that a verb cannot run, with the reason in plain words.
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
