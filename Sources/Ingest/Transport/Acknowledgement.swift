import SessionModel

/// The rule that tells an acknowledgement from any other answer: a set of statuses, and optionally a value the JSON body must hold.
///
/// ```swift
/// let rule = Acknowledgement(statuses: [200, 202], bodyPath: try JSONQuery(parsing: "$.accepted"), accepted: [true])
/// rule.refusal(status: 200, body: Array(#"{"accepted":false}"#.utf8)) // "the body said {"accepted":false}"
/// ```
public struct Acknowledgement: Sendable, Equatable {
    /// The statuses that mean "stored"; nil means any 2xx.
    public var statuses: [Int]?
    /// Where in the JSON body the verdict is; nil when the status alone decides.
    public var bodyPath: JSONQuery?
    /// The values at `bodyPath` that mean "stored".
    public var accepted: [JSONValue]

    public init(statuses: [Int]? = nil, bodyPath: JSONQuery? = nil, accepted: [JSONValue] = []) {
        self.statuses = statuses
        self.bodyPath = bodyPath
        self.accepted = accepted
    }

    /// Any 2xx, whatever the body.
    public static let anySuccess = Acknowledgement()

    /// Whether `status` is one the rule accepts.
    public func accepts(status: Int) -> Bool {
        statuses.map { $0.contains(status) } ?? (200..<300).contains(status)
    }

    /// Why an answer with an accepted status is still no acknowledgement (the body failed the rule), or nil when it is one.
    public func bodyRefusal(_ body: [UInt8]) -> String? {
        guard let bodyPath else { return nil }
        let excerpt = ControlCharacters.excerpt(body)
        guard let json = try? JSONReader.parse(body) else {
            return "the body said \(excerpt.isEmpty ? "nothing" : excerpt), which is not JSON with \(bodyPath) \(expectedWords)"
        }
        let found = bodyPath.first(in: json)
        if let found, accepted.contains(found) { return nil }
        return "the body said \(excerpt), where \(bodyPath) is \(found.map(JSONWriter.canonicalString) ?? "missing"), not \(expectedWords)"
    }

    var expectedWords: String {
        accepted.count == 1 ? JSONWriter.canonicalString(accepted[0]) : "one of " + accepted.map(JSONWriter.canonicalString).joined(separator: ", ")
    }

    /// The rule in words, for `target check`.
    public var summary: String {
        var text = statuses.map { "status " + $0.map(String.init).joined(separator: ", ") } ?? "any 2xx status"
        if let bodyPath { text += ", and a JSON body whose \(bodyPath) is \(expectedWords)" }
        return text
    }
}
