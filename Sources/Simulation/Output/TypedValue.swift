/// A value a `type` step entered, on which page and into which target (the selector as written).
public struct TypedValue: Sendable, Equatable {
    public var page: String
    public var target: String
    public var value: String
}
