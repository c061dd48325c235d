/// What the recorder hides before sending, with rrweb's option names and semantics.
///
/// In `raw` mode nothing is masked, so planted canaries reach the endpoint and
/// the backend's own redaction is what gets tested.
public struct MaskingPolicy: Sendable, Equatable {
    /// Whether masking happens in the browser or not at all.
    public enum Mode: String, Sendable, Equatable {
        /// The recorder applies this policy client-side.
        case client
        /// Everything is sent as typed, canaries included.
        case raw
    }

    /// Client-side masking or raw.
    public var mode: Mode
    /// rrweb `maskAllInputs`: every input value becomes `*`s (passwords are always masked).
    public var maskAllInputs: Bool
    /// rrweb `maskTextSelector`s: text under a match becomes `*`s.
    public var maskTextSelectors: [String]
    /// rrweb `maskTextClass`es.
    public var maskTextClasses: [String]
    /// rrweb `blockSelector`s: a match is replaced by an empty placeholder.
    public var blockSelectors: [String]
    /// rrweb `blockClass`es.
    public var blockClasses: [String]
    /// rrweb `ignoreSelector`s: no input events for a match.
    public var ignoreSelectors: [String]
    /// rrweb `ignoreClass`es.
    public var ignoreClasses: [String]
    /// Whether elements with a `data-private` attribute are masked (LogRocket's convention).
    public var honorsDataPrivate: Bool
    /// Rules for recorded network calls.
    public var networkRules: [NetworkRule]

    /// Creates a policy; the defaults mask nothing beyond passwords.
    public init(mode: Mode = .client, maskAllInputs: Bool = false, maskTextSelectors: [String] = [], maskTextClasses: [String] = [], blockSelectors: [String] = [], blockClasses: [String] = [], ignoreSelectors: [String] = [], ignoreClasses: [String] = [], honorsDataPrivate: Bool = false, networkRules: [NetworkRule] = []) {
        self.mode = mode
        self.maskAllInputs = maskAllInputs
        self.maskTextSelectors = maskTextSelectors
        self.maskTextClasses = maskTextClasses
        self.blockSelectors = blockSelectors
        self.blockClasses = blockClasses
        self.ignoreSelectors = ignoreSelectors
        self.ignoreClasses = ignoreClasses
        self.honorsDataPrivate = honorsDataPrivate
        self.networkRules = networkRules
    }

    /// A policy that sends everything unmasked.
    public static let raw = MaskingPolicy(mode: .raw)
}

/// One rule for what the recorder keeps of a network call.
public enum NetworkRule: Sendable, Equatable {
    /// Replace the value of this request or response header (case-insensitive name).
    case redactHeader(String)
    /// Replace the value of this field wherever it occurs in a JSON body.
    case redactBodyField(String)
    /// Do not record request bodies.
    case dropRequestBodies
    /// Do not record response bodies.
    case dropResponseBodies
}
