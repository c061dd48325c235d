/// One step into a JSON document: an object key or an array index.
public enum JSONPathComponent: Sendable, Equatable, Hashable {
    case key(String)
    case index(Int)
}

/// A location inside a JSON document, printed like `.data.adds[3].node`.
public struct JSONPath: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var components: [JSONPathComponent]

    public init(_ components: [JSONPathComponent] = []) {
        self.components = components
    }

    public static let root = JSONPath()

    /// The path one key deeper.
    public func appending(_ key: String) -> JSONPath {
        JSONPath(components + [.key(key)])
    }

    /// The path one index deeper.
    public func appending(_ index: Int) -> JSONPath {
        JSONPath(components + [.index(index)])
    }

    /// The path without its first component, which is how an event's path is
    /// told apart from the recording's path (`[41].data` -> `.data`).
    public var droppingFirst: JSONPath {
        JSONPath(Array(components.dropFirst()))
    }

    /// Paths longer than this many components print their first and last few around a count of the levels left out.
    static let printedComponentLimit = 24

    /// The path as text; a path hundreds of levels deep keeps its ends and says how many levels lie between.
    public var description: String {
        if components.isEmpty { return "." }
        guard components.count > Self.printedComponentLimit else { return Self.text(components[...]) }
        let kept = Self.printedComponentLimit / 3
        let omitted = components.count - 2 * kept
        return Self.text(components.prefix(kept)) + "…(\(omitted) levels)…" + Self.text(components.suffix(kept))
    }

    private static func text(_ components: ArraySlice<JSONPathComponent>) -> String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                if Self.isPlainIdentifier(key) {
                    text += "." + key
                } else {
                    text += "[" + JSONWriter.canonicalString(.string(key)) + "]"
                }
            }
        }
        return text
    }

    private static func isPlainIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return key.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
        }
    }
}
