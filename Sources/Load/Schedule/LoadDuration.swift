/// Durations on the command line: `90s`, `5m`, `1h`, `250ms`, `1m30s`.
public enum LoadDuration {
    /// The duration in microseconds; the error names the option and says what was expected.
    public static func microseconds(parsing text: String, option: String) throws(LoadInputError) -> UInt64 {
        let units: [(suffix: String, microseconds: Double)] = [("ms", 1000), ("us", 1), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000)]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { throw LoadInputError("\(option) takes a duration such as 30s, 5m or 1h30m, not ''") }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(digits.count)
            guard let value = Double(digits), let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else {
                throw LoadInputError("\(option) takes a duration such as 30s, 5m or 1h30m, not '\(text)'")
            }
            rest = rest.dropFirst(unit.suffix.count)
            total += value * unit.microseconds
        }
        return UInt64(total.rounded())
    }

    /// The shortest spelling `microseconds(parsing:)` reads back: `5m`, `90s`, `250ms`.
    public static func text(microseconds: UInt64) -> String {
        if microseconds % 3_600_000_000 == 0, microseconds > 0 { return "\(microseconds / 3_600_000_000)h" }
        if microseconds % 60_000_000 == 0, microseconds > 0 { return "\(microseconds / 60_000_000)m" }
        if microseconds % 1_000_000 == 0 { return "\(microseconds / 1_000_000)s" }
        if microseconds % 1000 == 0 { return "\(microseconds / 1000)ms" }
        return "\(microseconds)us"
    }
}

/// A load option or report that cannot be used, in words naming the option or the file and JSON path.
public struct LoadInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
