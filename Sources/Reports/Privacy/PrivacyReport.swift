import SessionModel

/// What a privacy review of one scenario found, in words and tables a reviewer acts on.
///
/// Built by the harness from the checks' findings; rendered as JSON
/// (`json`) and as a self-contained HTML page (`PrivacyReportPage`).
public struct PrivacyReport: Sendable, Equatable {
    /// One planted value found in what was sent or stored.
    public struct Leak: Sendable, Equatable {
        public var canary: String
        public var kind: String
        public var capturePath: String
        /// The document: `stored batch ...`, `reconstructed DOM of ...`.
        public var place: String
        public var jsonPath: String?
        public var byteOffset: Int
        /// The decodings that revealed it, outermost first; empty when stored as planted.
        public var decodings: [String]
        /// Where it was planted, from the manifest.
        public var plantedIn: [String]
        /// The stored bytes around it: before, the leak, after.
        public var context: (before: String, match: String, after: String)

        public init(canary: String, kind: String, capturePath: String, place: String, jsonPath: String?, byteOffset: Int, decodings: [String],
                    plantedIn: [String], context: (before: String, match: String, after: String)) {
            self.canary = canary
            self.kind = kind
            self.capturePath = capturePath
            self.place = place
            self.jsonPath = jsonPath
            self.byteOffset = byteOffset
            self.decodings = decodings
            self.plantedIn = plantedIn
            self.context = context
        }

        public static func == (lhs: Leak, rhs: Leak) -> Bool {
            lhs.canary == rhs.canary && lhs.place == rhs.place && lhs.jsonPath == rhs.jsonPath && lhs.byteOffset == rhs.byteOffset
                && lhs.decodings == rhs.decodings && lhs.context == rhs.context
        }
    }

    /// One identifier-like value and the sites it was seen on.
    public struct IdentifierRow: Sendable, Equatable {
        /// What carried it: `sessionId`, `cookie collector_uid sent to the collector`, `token at ...`.
        public var field: String
        public var value: String
        /// For each of `sites`, whether this value was seen there.
        public var seenOn: [Bool]

        public init(field: String, value: String, seenOn: [Bool]) {
            self.field = field
            self.value = value
            self.seenOn = seenOn
        }

        /// Seen on more than one site: a link.
        public var links: Bool { seenOn.filter { $0 }.count > 1 }
    }

    /// The outcome of one promise.
    public struct Check: Sendable, Equatable {
        public enum Outcome: String, Sendable, Equatable { case pass, fail, invalid, notChecked = "not checked" }
        public var name: String
        public var outcome: Outcome
        public var detail: String

        public init(name: String, outcome: Outcome, detail: String) {
            self.name = name
            self.outcome = outcome
            self.detail = detail
        }
    }

    public var scenario: String
    /// The masking policy in force and the target's redaction, in words.
    public var policy: [String]
    public var leaks: [Leak]
    /// The registrable domains the scenario visited, in visiting order.
    public var sites: [String]
    public var identifiers: [IdentifierRow]
    /// Every promise checked: no-canary-leaks, unlinkable, same-session, sessions, erasure, and their controls.
    public var checks: [Check]
    /// How long erasure took, when it was checked.
    public var erasureSeconds: Double?
    /// Personal data that was not planted, as leads (not gating): `possible email '...' in ... (confidence 0.9: ...)`.
    public var leads: [String] = []

    public init(scenario: String, policy: [String], leaks: [Leak], sites: [String], identifiers: [IdentifierRow], checks: [Check], erasureSeconds: Double?) {
        self.scenario = scenario
        self.policy = policy
        self.leaks = leaks
        self.sites = sites
        self.identifiers = identifiers
        self.checks = checks
        self.erasureSeconds = erasureSeconds
    }

    /// Whether every promise held: no leak, no link, no invalid control, erasure done.
    public var passed: Bool { leaks.isEmpty && checks.allSatisfy { $0.outcome == .pass || $0.outcome == .notChecked } }

    /// The report as JSON, members in a fixed order.
    public var json: JSONValue {
        var object: JSONObject = [
            "scenario": .string(scenario), "passed": .bool(passed), "policy": .array(policy.map(JSONValue.string)),
            "sites": .array(sites.map(JSONValue.string)),
        ]
        object["leaks"] = .array(leaks.map { leak in
            var item: JSONObject = [
                "canary": .string(leak.canary), "kind": .string(leak.kind), "capturePath": .string(leak.capturePath), "place": .string(leak.place),
                "byteOffset": .integer(Int64(leak.byteOffset)), "decodings": .array(leak.decodings.map(JSONValue.string)),
                "plantedIn": .array(leak.plantedIn.map(JSONValue.string)),
                "context": ["before": .string(leak.context.before), "match": .string(leak.context.match), "after": .string(leak.context.after)],
            ]
            if let path = leak.jsonPath { item["jsonPath"] = .string(path) }
            return .object(item)
        })
        object["identifiers"] = .array(identifiers.map { row in
            ["field": .string(row.field), "value": .string(row.value), "sites": .array(zip(sites, row.seenOn).filter(\.1).map { .string($0.0) })]
        })
        object["checks"] = .array(checks.map { ["name": .string($0.name), "outcome": .string($0.outcome.rawValue), "detail": .string($0.detail)] })
        if let erasureSeconds { object["erasureSeconds"] = .double(erasureSeconds) }
        object["possiblePersonalData"] = .array(leads.map(JSONValue.string))
        return .object(object)
    }
}
