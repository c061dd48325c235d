/// Where something was written: a file (or Swift source for builder values), a 1-based line and column.
///
/// Locations are kept so reports can point at a step, but values holding one
/// compare equal regardless of it (see `Step`).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file path as given to the parser, or `#fileID` for builder values.
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location for values made in code without a known place.
    public static let unknown = SourceLocation(file: "<unknown>", line: 0, column: 0)

    /// Written `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
