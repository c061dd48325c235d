/// A planted secret whose value the simulator generates from the seed; the scenario records only its kind.
///
/// Privacy checks later search everything the system stored for these values.
public struct Canary: Sendable, Equatable {
    /// What sort of secret it is, which decides the generated value's shape.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A payment card number (Luhn-valid).
        case card
        /// An email address.
        case email
        /// A phone number.
        case phone
        /// A password.
        case password
        /// An API or bearer token.
        case token
        /// A person's full name.
        case name
        /// A postal address.
        case address
        /// A JSON Web Token (`header.payload.signature`, base64url).
        case jwt
        /// A client IP address from the documentation ranges (RFC 5737, RFC 3849).
        case ip
    }

    /// The kind of secret.
    public var kind: Kind
    /// An optional label that tells two canaries of one kind apart (`work` vs `home` email).
    public var label: String?

    /// Creates a canary.
    public init(_ kind: Kind, label: String? = nil) {
        self.kind = kind
        self.label = label
    }
}

/// What a `type` step enters: literal text or a planted canary.
public enum TypedText: Sendable, Equatable {
    /// These exact characters.
    case literal(String)
    /// A generated secret of this kind.
    case canary(Canary)
    /// Text with canaries inside (`"card {canary card} exp 12/29"`), from a typed string holding a `{canary KIND}` marker.
    case template(Template)
}
