/// Reads selector text into `ComplexSelector`s; every loop consumes input.
struct SelectorParser {
    private let characters: [Character]
    private var index = 0
    private var depth = 0

    init(_ source: String) {
        characters = Array(source)
    }

    private var current: Character? { index < characters.count ? characters[index] : nil }

    private func error(_ message: String, at offset: Int? = nil) -> CSSSelectorError {
        CSSSelectorError(message: message, offset: offset ?? index)
    }

    private mutating func skipSpaces() -> Bool {
        let start = index
        while let c = current, c.isWhitespace { index += 1 }
        return index > start
    }

    mutating func parseList() throws(CSSSelectorError) -> [ComplexSelector] {
        _ = skipSpaces()
        if current == nil { throw error("empty selector") }
        var list = [try parseComplex()]
        while current == "," {
            index += 1
            _ = skipSpaces()
            list.append(try parseComplex())
        }
        if let c = current { throw error("unexpected \"\(c)\" in selector") }
        return list
    }

    private mutating func parseComplex() throws(CSSSelectorError) -> ComplexSelector {
        var compounds = [try parseCompound()]
        var combinators: [Combinator] = []
        while true {
            let sawSpace = skipSpaces()
            guard let c = current, c != ",", c != ")" else { break }
            var combinator = Combinator.descendant
            switch c {
            case ">": combinator = .child; index += 1; _ = skipSpaces()
            case "+": combinator = .nextSibling; index += 1; _ = skipSpaces()
            case "~": combinator = .subsequentSibling; index += 1; _ = skipSpaces()
            default:
                if !sawSpace { throw error("unexpected \"\(c)\" in selector") }
            }
            combinators.append(combinator)
            compounds.append(try parseCompound())
        }
        return ComplexSelector(compounds: compounds, combinators: combinators)
    }

    private static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "-" || c == "_" || !c.isASCII
    }

    private mutating func name(what: String) throws(CSSSelectorError) -> String {
        let start = index
        var result = ""
        while let c = current {
            if c == "\\", index + 1 < characters.count {
                result.append(characters[index + 1])
                index += 2
                continue
            }
            guard SelectorParser.isNameCharacter(c) else { break }
            result.append(c)
            index += 1
        }
        if result.isEmpty { throw error("expected \(what)", at: start) }
        return result
    }

    private mutating func parseCompound() throws(CSSSelectorError) -> CompoundSelector {
        var compound = CompoundSelector(tag: nil, tests: [])
        let start = index
        if current == "*" {
            index += 1
        } else if let c = current, SelectorParser.isNameCharacter(c) {
            compound.tag = try name(what: "a tag name").lowercased()
        }
        loop: while let c = current {
            switch c {
            case "#":
                index += 1
                compound.tests.append(.id(try name(what: "an id after \"#\"")))
            case ".":
                index += 1
                compound.tests.append(.className(try name(what: "a class name after \".\"")))
            case "[":
                compound.tests.append(try parseAttribute())
            case ":":
                compound.tests.append(try parsePseudo())
            default:
                break loop
            }
        }
        if index == start {
            if let c = current { throw error("unexpected \"\(c)\" in selector") }
            throw error("selector ends where a compound selector was expected")
        }
        return compound
    }

    private mutating func parseAttribute() throws(CSSSelectorError) -> SimpleTest {
        let open = index
        index += 1
        _ = skipSpaces()
        let attributeName = try name(what: "an attribute name").lowercased()
        _ = skipSpaces()
        var op = AttributeOperator.exists
        var value = ""
        var caseInsensitive = false
        if let c = current, c != "]" {
            switch c {
            case "=": op = .equals; index += 1
            case "~", "|", "^", "$", "*":
                guard index + 1 < characters.count, characters[index + 1] == "=" else { throw error("expected \"=\" after \"\(c)\"") }
                op = [Character("~"): AttributeOperator.includes, "|": .dashMatch, "^": .prefix, "$": .suffix, "*": .substring][c]!
                index += 2
            default: throw error("expected \"]\" or an attribute operator")
            }
            _ = skipSpaces()
            if let quote = current, quote == "\"" || quote == "'" {
                index += 1
                while let d = current, d != quote {
                    if d == "\\", index + 1 < characters.count { index += 1 }
                    value.append(characters[index])
                    index += 1
                }
                guard current == quote else { throw error("unterminated string in attribute selector", at: open) }
                index += 1
            } else {
                value = try name(what: "an attribute value")
            }
            _ = skipSpaces()
            if current == "i" || current == "I" { caseInsensitive = true; index += 1; _ = skipSpaces() }
            else if current == "s" || current == "S" { index += 1; _ = skipSpaces() }
        }
        guard current == "]" else { throw error("expected \"]\" to close \"[\"", at: current == nil ? open : index) }
        index += 1
        return .attribute(name: attributeName, op: op, value: value, caseInsensitive: caseInsensitive)
    }

    private mutating func parsePseudo() throws(CSSSelectorError) -> SimpleTest {
        let start = index
        index += 1
        let pseudo = try name(what: "a pseudo-class name").lowercased()
        switch pseudo {
        case "first-child": return .firstChild
        case "last-child": return .lastChild
        case "only-child": return .onlyChild
        case "first-of-type": return .firstOfType
        case "last-of-type": return .lastOfType
        case "empty": return .empty
        case "checked": return .checked
        case "disabled": return .disabled
        case "enabled": return .enabled
        case "root": return .root
        case "not":
            guard current == "(" else { throw error("expected \"(\" after :not") }
            guard depth < 16 else { throw error(":not nested too deeply") }
            index += 1
            depth += 1
            _ = skipSpaces()
            var list = [try parseComplex()]
            while current == "," { index += 1; _ = skipSpaces(); list.append(try parseComplex()) }
            depth -= 1
            guard current == ")" else { throw error("expected \")\" to close :not(") }
            index += 1
            return .not(list)
        case "nth-child":
            guard current == "(" else { throw error("expected \"(\" after :nth-child") }
            index += 1
            var argument = ""
            while let c = current, c != ")" { argument.append(c); index += 1 }
            guard current == ")" else { throw error("expected \")\" to close :nth-child(") }
            index += 1
            guard let (a, b) = SelectorParser.parseNth(argument.filter { !$0.isWhitespace }.lowercased()) else {
                throw error("cannot read \"\(argument)\" as An+B", at: start)
            }
            return .nthChild(a: a, b: b)
        default:
            throw error("unsupported pseudo-class \":\(pseudo)\"", at: start)
        }
    }

    static func parseNth(_ text: String) -> (Int, Int)? {
        if text == "odd" { return (2, 1) }
        if text == "even" { return (2, 0) }
        if let b = Int(text), abs(b) < 1_000_000 { return (0, b) }
        guard let n = text.firstIndex(of: "n") else { return nil }
        let aText = String(text[..<n])
        let bText = String(text[text.index(after: n)...])
        let a: Int
        switch aText {
        case "", "+": a = 1
        case "-": a = -1
        default:
            guard let value = Int(aText), abs(value) < 1_000_000 else { return nil }
            a = value
        }
        if bText.isEmpty { return (a, 0) }
        guard let b = Int(bText.hasPrefix("+") ? String(bText.dropFirst()) : bText), abs(b) < 1_000_000 else { return nil }
        return (a, b)
    }
}
