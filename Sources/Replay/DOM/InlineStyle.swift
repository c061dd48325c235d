import Foundation

/// An element's inline `style` declarations, edited property by property as rrweb's style diffs require.
///
/// Parsing splits on `;` outside parentheses and quotes; printing uses the
/// browser's `cssText` shape, `prop: value; other: value !important;`.
struct InlineStyle {
    private(set) var declarations: [(property: String, value: String, important: Bool)] = []

    init(_ text: String) {
        for part in Self.split(text) {
            guard let colon = part.firstIndex(of: ":") else { continue }
            let property = part[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            var value = part[part.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            var important = false
            if value.lowercased().hasSuffix("!important") {
                important = true
                value = String(value.dropLast("!important".count)).trimmingCharacters(in: .whitespaces)
            }
            guard !property.isEmpty else { continue }
            set(property, value, important: important)
        }
    }

    mutating func set(_ property: String, _ value: String, important: Bool) {
        if value.isEmpty {
            remove(property)
            return
        }
        if let index = declarations.firstIndex(where: { $0.property == property }) {
            declarations[index].value = value
            declarations[index].important = important
        } else {
            declarations.append((property, value, important))
        }
    }

    mutating func remove(_ property: String) {
        declarations.removeAll { $0.property == property }
    }

    var text: String {
        declarations.map { "\($0.property): \($0.value)\($0.important ? " !important" : "");" }.joined(separator: " ")
    }

    private static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if character == ";", depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }
}
