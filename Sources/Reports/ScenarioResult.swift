import SessionModel

/// Why a scenario failed, as a kind a report can group by and words a person can act on.
public struct ScenarioFailure: Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for grouping and for tests that expect a particular failure.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The scenario file does not parse or check.
        case invalidScenario = "invalid-scenario"
        /// The simulator could not run a step.
        case simulation
        /// The endpoint could not be reached, or read-back failed.
        case endpoint
        /// Delivery accounting: lost, duplicated, reordered, leftovers, split or merged sessions.
        case delivery
        /// A replay artifact differs from `golden/`.
        case golden
        /// A planted canary was found in stored data.
        case canaryLeak = "canary-leak"
        /// Two visits that must not be linkable share a stored identifier.
        case linkage
        /// Visits that must be one session were stored as several, or the session count is wrong.
        case sessions
        /// Data of an erased person could still be read back.
        case erasure
        /// Stored data is not masked the way the target's redaction profile says the target masks it.
        case redaction
        /// A check found nothing to look at (nothing read back for it), so it could not pass.
        case nothingChecked = "nothing-checked"
        /// A check's control failed (visits within one site do not link), so its pass or fail would mean nothing.
        case invalid
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// The outcome of one scenario: counts, and every failure found.
public struct ScenarioResult: Sendable {
    /// The scenario's name as written in the file.
    public var name: String
    /// The golden folder name (the file's base name).
    public var slug: String
    public var file: String
    public var sessions = 0
    public var batchesSent = 0
    public var eventsSent = 0
    /// Why `eventsSent` differs from the events the scenario recorded (what `generate` counts), nil when they agree.
    public var eventsNote: String?
    public var batchesStored = 0
    public var seconds = 0.0
    public var failures: [ScenarioFailure] = []
    /// Some request got no answer at all, or the run's deadline passed: the run should not go on asking.
    public var endpointStoppedAnswering = false
    /// A paragraph about the first upload the endpoint did not acknowledge, for the end of a run.
    public var endpointVerdict: String?

    /// A result with no counts and no failures yet.
    public init(name: String, slug: String, file: String) {
        self.name = name
        self.slug = slug
        self.file = file
    }

    public var passed: Bool { failures.isEmpty }

    /// nil when the scenario passed; otherwise one line per failure under a heading, for test helpers to report.
    public var failureMessage: String? {
        guard !passed else { return nil }
        let count = failures.count
        return "scenario \(slug) failed with \(quantity(count, "problem")):\n" + failures.map { "  " + $0.description }.joined(separator: "\n")
    }

    /// The result as JSON for `run --json`.
    public var jsonValue: JSONValue {
        [
            "name": .string(name), "golden": .string(slug), "file": .string(file), "passed": .bool(passed),
            "sessions": .integer(Int64(sessions)), "batchesSent": .integer(Int64(batchesSent)),
            "eventsSent": .integer(Int64(eventsSent)), "batchesStored": .integer(Int64(batchesStored)),
            "seconds": .double((seconds * 1000).rounded() / 1000),
            "failures": .array(failures.map { ["kind": .string($0.kind.rawValue), "message": .string($0.message)] }),
        ]
    }
}
