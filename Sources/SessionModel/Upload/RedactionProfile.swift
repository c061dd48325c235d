/// What an ingest endpoint masks on its own, server-side, whatever the SDK sent.
///
/// The reference server's profile masks the text of Input events and
/// redacts the string values of a few sensitive keys; django-rrweb's masks
/// nothing. A target configuration declares its own (`redaction`), and the
/// `redaction` check holds stored data to it.
///
/// ```swift
/// let profile = RedactionProfile(masksInputText: true, redactedKeys: ["password"])
/// profile.summary // "Input event text masked with *; values of password redacted"
/// ```
public struct RedactionProfile: Sendable, Equatable {
    /// Input events' text is stored as `*` of the same length.
    public var masksInputText: Bool
    /// String values of these keys (any case), anywhere in event data, are stored as `[redacted]`.
    public var redactedKeys: [String]

    public init(masksInputText: Bool, redactedKeys: [String]) {
        self.masksInputText = masksInputText
        self.redactedKeys = redactedKeys.map { $0.lowercased() }.sorted()
    }

    /// Masks nothing.
    public static let nothing = RedactionProfile(masksInputText: false, redactedKeys: [])

    /// The embedded reference server's own redaction, which the goldens under `golden/` assume.
    public static let referenceServer = RedactionProfile(masksInputText: true,
                                                         redactedKeys: ["authorization", "cookie", "set-cookie", "password", "x-api-key"])

    /// The stand-in a redacted value is stored as.
    public static let redactedValue = "[redacted]"

    /// The profile in words, for reports and notes.
    public var summary: String {
        var parts: [String] = []
        if masksInputText { parts.append("Input event text masked with *") }
        if !redactedKeys.isEmpty { parts.append("values of \(redactedKeys.joined(separator: ", ")) redacted") }
        return parts.isEmpty ? "nothing masked server-side" : parts.joined(separator: "; ")
    }
}
