import SessionModel

/// A small JSON path that picks values out of a response: `$`, `.name`, `['name']`, `[N]` and `[*]`.
///
/// ```swift
/// let query = try JSONQuery(parsing: "$.results[*].id")
/// query.select(in: response) // every result's id
/// ```
public struct JSONQuery: Sendable, Equatable, CustomStringConvertible {
    enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
        case every
    }

    var steps: [Step]
    /// The text it was read from.
    public let description: String

    /// Reads a path; the error says what is wrong in words.
    public init(parsing text: String) throws(AdapterError) {
        description = text
        let scalars = Array(text.unicodeScalars)
        guard scalars.first == "$" else { throw AdapterError("a JSON path starts with '$', not '\(text.prefix(1))'") }
        var steps: [Step] = []
        var index = 1
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-" || scalar == "$"
        }
        while index < scalars.count {
            switch scalars[index] {
            case ".":
                index += 1
                let start = index
                while index < scalars.count, isNameScalar(scalars[index]) { index += 1 }
                guard index > start else { throw AdapterError("'\(text)': a name must follow '.' (at character \(start + 1))") }
                steps.append(.key(String(String.UnicodeScalarView(scalars[start..<index]))))
            case "[":
                index += 1
                guard index < scalars.count else { throw AdapterError("'\(text)': '[' is not closed") }
                if scalars[index] == "*" {
                    index += 1
                    steps.append(.every)
                } else if scalars[index] == "'" || scalars[index] == "\"" {
                    let quote = scalars[index]
                    index += 1
                    let start = index
                    while index < scalars.count, scalars[index] != quote { index += 1 }
                    guard index < scalars.count else { throw AdapterError("'\(text)': a quoted name is not closed") }
                    steps.append(.key(String(String.UnicodeScalarView(scalars[start..<index]))))
                    index += 1
                } else {
                    let start = index
                    while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
                    guard index > start, let number = Int(String(String.UnicodeScalarView(scalars[start..<index]))) else {
                        throw AdapterError("'\(text)': '[' takes a number, '*' or a quoted name (at character \(start + 1))")
                    }
                    steps.append(.index(number))
                }
                guard index < scalars.count, scalars[index] == "]" else { throw AdapterError("'\(text)': ']' expected at character \(index + 1)") }
                index += 1
            default:
                throw AdapterError("'\(text)': '.' or '[' expected at character \(index + 1), found '\(scalars[index])'")
            }
        }
        self.steps = steps
    }

    /// Every value the path reaches, in document order (`[*]` spreads arrays and objects).
    public func select(in value: JSONValue) -> [JSONValue] {
        var current = [value]
        for step in steps {
            var next: [JSONValue] = []
            for item in current {
                switch step {
                case .key(let key):
                    if let found = item.objectValue?[key] { next.append(found) }
                case .index(let number):
                    if let items = item.arrayValue, number < items.count { next.append(items[number]) }
                case .every:
                    if let items = item.arrayValue { next += items } else if let object = item.objectValue { next += object.members.map(\.value) }
                }
            }
            current = next
        }
        return current
    }

    /// The first value the path reaches, or nil.
    public func first(in value: JSONValue) -> JSONValue? {
        select(in: value).first
    }
}
