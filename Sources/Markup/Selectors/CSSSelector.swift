/// A parsed CSS selector list, for finding elements the way `querySelectorAll` does.
///
/// Supported: type and `*`, `#id`, `.class`, attribute tests (`[a]`, `[a=v]`, `~=`,
/// `|=`, `^=`, `$=`, `*=`, with an optional ` i` flag), the combinators descendant,
/// `>`, `+` and `~`, selector lists with `,`, and the pseudo-classes `:first-child`,
/// `:last-child`, `:only-child`, `:nth-child(An+B|odd|even)`, `:first-of-type`,
/// `:last-of-type`, `:empty`, `:checked`, `:disabled`, `:enabled`, `:root` and
/// `:not(...)`.
///
/// ```swift
/// let selector = try CSSSelector("form#checkout input[type=email]")
/// ```
public struct CSSSelector: Sendable, Equatable, CustomStringConvertible {
    /// The selector as written.
    public let source: String
    let alternatives: [ComplexSelector]

    /// Parses `source`, throwing a `CSSSelectorError` that names the offending offset.
    public init(_ source: String) throws(CSSSelectorError) {
        self.source = source
        var parser = SelectorParser(source)
        alternatives = try parser.parseList()
    }

    public var description: String { source }

    public static func == (lhs: CSSSelector, rhs: CSSSelector) -> Bool { lhs.source == rhs.source }

    /// The `#id`, `.class` and tag names the selector mentions, for "did you mean" hints.
    public var simpleParts: [String] {
        var parts: [String] = []
        for complex in alternatives {
            for compound in complex.compounds {
                if let tag = compound.tag { parts.append(tag) }
                for test in compound.tests {
                    switch test {
                    case .id(let id): parts.append("#" + id)
                    case .className(let name): parts.append("." + name)
                    default: break
                    }
                }
            }
        }
        return parts
    }
}

/// Why a selector could not be parsed.
public struct CSSSelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, in plain words.
    public var message: String
    /// The offset in the selector text (in characters, from 0) where the problem starts.
    public var offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}

/// Compound selectors joined by combinators, stored right to left for matching.
struct ComplexSelector: Sendable, Equatable {
    /// The compounds in source order.
    var compounds: [CompoundSelector]
    /// `combinators[i]` joins `compounds[i]` and `compounds[i + 1]`.
    var combinators: [Combinator]
}

enum Combinator: Sendable, Equatable {
    case descendant, child, nextSibling, subsequentSibling
}

struct CompoundSelector: Sendable, Equatable {
    var tag: String?
    var tests: [SimpleTest]
}

enum AttributeOperator: Sendable, Equatable {
    case exists, equals, includes, dashMatch, prefix, suffix, substring
}

indirect enum SimpleTest: Sendable, Equatable {
    case id(String)
    case className(String)
    case attribute(name: String, op: AttributeOperator, value: String, caseInsensitive: Bool)
    case firstChild, lastChild, onlyChild, firstOfType, lastOfType, empty, checked, disabled, enabled, root
    case nthChild(a: Int, b: Int)
    case not([ComplexSelector])
}
