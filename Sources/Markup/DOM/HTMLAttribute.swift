/// One attribute of an element, as written (name lower-cased, value with entities decoded).
///
/// A boolean attribute written without a value (`<input disabled>`) has the empty string as value.
public struct HTMLAttribute: Sendable, Equatable {
    /// The attribute name, lower-cased.
    public var name: String
    /// The attribute value, with character references decoded.
    public var value: String

    /// Creates an attribute.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
