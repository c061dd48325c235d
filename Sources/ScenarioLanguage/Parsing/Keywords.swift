import SessionModel

/// The words the scenario language knows, per place, for parsing and "did you mean" labels.
enum Keywords {
    static let header = ["scenario", "seed", "person", "sdk", "masking", "page", "expect", "third-party-cookies"]
    static let steps = [
        "visit", "navigate", "open-tab", "back", "return", "switch-person", "unload",
        "move", "click", "double-click", "right-click", "rage-click", "hover", "scroll", "type", "select", "check", "uncheck", "focus", "blur",
        "wait", "think",
        "set-text", "set-attribute", "remove-attribute", "add-element", "remove-element", "move-element",
        "console", "throw", "reject", "fetch", "xhr", "custom", "redux", "identify",
        "repeat", "push-state", "replace-state", "pop-state", "resize", "rotate", "outage", "erase",
    ]
    static let person = ["user-agent", "viewport", "timezone", "ip", "cookies"]
    static let sdk = ["storage", "flush-interval", "batch-bytes", "batch-events", "idle-timeout", "max-session", "cross-origin-iframes"]
    static let masking = ["mask-all-inputs", "mask-text", "mask-text-class", "block", "block-class", "ignore", "ignore-class", "data-private", "redact-header", "redact-body-field", "drop-request-bodies", "drop-response-bodies"]
    static let page = ["html", "record-after"]
    static let recordAfter = Page.RecordAfter.allCases.map(\.rawValue)
    static let network = ["status", "duration", "request-header", "response-header", "request-body", "response-body", "fails"]
    static let throwBlock = ["at"]
    static let expectations = ["sessions", "unlinkable", "same-session", "no-canary-leaks", "masked", "erased", "not-identified"]
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    static let canaryKinds = Canary.Kind.allCases.map(\.rawValue)
    static let sdkKinds = SDKProfile.Kind.allCases.map(\.rawValue)
    static let storages = SDKProfile.IdentityStorage.allCases.map(\.rawValue)
    static let unloadTimings = UnloadTiming.allCases.map(\.rawValue)
    static let consoleLevels = ConsoleLevel.allCases.map(\.rawValue)
    static let outageFailures = ["status", "timeout", "offline"]
    /// Whether a word starts a header line (true) or a step (false); absent for anything else.
    static let lineStartIsHeader: [String: Bool] = Dictionary(uniqueKeysWithValues: header.map { ($0, true) } + steps.map { ($0, false) })
    /// Everything that may start a top-level line, prepared for suggestions.
    static let lineStarts = Suggestions.Candidates(steps + header)
}

/// The ranges numbers and durations must fall in.
enum Limits {
    static let day: Milliseconds = 24 * 3_600_000
    static let wait: ClosedRange<Milliseconds> = 0...day
    static let returnAfter: ClosedRange<Milliseconds> = 1_000...(30 * day)
    static let flushInterval: ClosedRange<Milliseconds> = 100...(10 * 60_000)
    static let idleTimeout: ClosedRange<Milliseconds> = 60_000...day
    static let networkDuration: ClosedRange<Milliseconds> = 0...(10 * 60_000)
    static let batchBytes: ClosedRange<Int> = 1_000...100_000_000
    static let batchEvents: ClosedRange<Int> = 1...100_000
    static let viewportSide: ClosedRange<Int> = 200...10_000
    static let rageClicks: ClosedRange<Int> = 3...50
    static let scroll: ClosedRange<Int> = 0...1_000_000
    static let status: ClosedRange<Int> = 100...599
    static let sessions: ClosedRange<Int> = 0...1_000
    static let frameNumber: ClosedRange<Int> = 1...10_000_000
    static let repeatCount: ClosedRange<Int> = 1...10_000
    static let uploadsInFlight: ClosedRange<Int> = 2...20
    static let maxSession: ClosedRange<Milliseconds> = 60_000...(30 * day)
    static let outage: ClosedRange<Milliseconds> = 1_000...day
    static let outageStatus: ClosedRange<Int> = 400...599
    /// The most steps a scenario may run once every `repeat` is expanded.
    static let expandedSteps = 1_000_000
}
