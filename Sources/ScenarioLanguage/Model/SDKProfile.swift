/// The recorder SDK being imitated: where it keeps its ids and how it batches uploads.
public struct SDKProfile: Sendable, Equatable {
    /// The recorder families the simulator knows.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// PostHog: session id in a cookie on the root domain (eTLD+1).
        case posthog
        /// Sentry Replay: session in `sessionStorage`, per origin and tab.
        case sentry
        /// LogRocket: session in a cookie on the configured `rootHostname`.
        case logrocket
    }

    /// Where the session and visitor ids live.
    public enum IdentityStorage: String, Sendable, Equatable, CaseIterable {
        /// A cookie with `Domain=` set to the registrable domain, shared by subdomains.
        case rootDomainCookie = "root-domain-cookie"
        /// `sessionStorage` of the page's origin: one session per origin and tab.
        case sessionStorage = "session-storage"
        /// A cookie on a configured root hostname (LogRocket's `rootHostname`).
        case rootHostnameCookie = "root-hostname-cookie"
    }

    /// The SDK family.
    public var kind: Kind
    /// Where ids live; defaults to the family's own choice.
    public var identityStorage: IdentityStorage
    /// How long events wait before a batch is sent.
    public var flushInterval: Milliseconds
    /// The largest batch body, in bytes, before it is sent early.
    public var batchByteCap: Int
    /// The most events in one batch.
    public var batchEventCap: Int
    /// Inactivity after which the session id rotates.
    public var idleTimeout: Milliseconds
    /// The longest a session may last however active it is; the next activity past it starts a new one (nil: no cap).
    ///
    /// PostHog 24 h (posthog-js `src/sessionid.ts`, `SESSION_LENGTH_LIMIT_MILLISECONDS`), Sentry 60 min
    /// (`@sentry-internal/replay` `src/constants.ts`, `MAX_REPLAY_DURATION`); LogRocket documents none.
    public var maxSessionDuration: Milliseconds?
    /// Whether the SDK, installed in a cross-origin `<iframe src>`'s page too, records it into the parent's recording
    /// (rrweb's `recordCrossOriginIframes`: the frame posts its events to the parent, which gives them its own node ids).
    ///
    /// Off by default in every family; each has an opt-in, needed in the parent and the frame alike:
    /// PostHog `session_recording.recordCrossOriginIframes` (posthog.com/docs/session-replay/iframes),
    /// Sentry `replayIntegration({ _experiments: { recordCrossOriginIframes: true } })`
    /// (`packages/replay-internal/src/integration.ts`: "experimental support for recording iframes from
    /// different origins"), LogRocket `mergeIframes: true` with `childDomains`/`parentDomain`
    /// (docs.logrocket.com/docs/iframes). Off, the frame is an empty `<iframe>` with `rr_src` and nothing in it is recorded.
    public var recordsCrossOriginIframes = false

    /// Creates a profile; every override defaults to the family's documented behaviour.
    public init(kind: Kind, identityStorage: IdentityStorage? = nil, flushInterval: Milliseconds? = nil, batchByteCap: Int? = nil, batchEventCap: Int? = nil, idleTimeout: Milliseconds? = nil) {
        self.kind = kind
        let defaults = SDKProfile.defaults(for: kind)
        self.identityStorage = identityStorage ?? defaults.identityStorage
        self.flushInterval = flushInterval ?? defaults.flushInterval
        self.batchByteCap = batchByteCap ?? defaults.batchByteCap
        self.batchEventCap = batchEventCap ?? defaults.batchEventCap
        self.idleTimeout = idleTimeout ?? defaults.idleTimeout
        self.maxSessionDuration = SDKProfile.defaultMaxSessionDuration(for: kind)
    }

    /// The family's session cap: PostHog 24 h, Sentry 60 min, LogRocket none.
    public static func defaultMaxSessionDuration(for kind: Kind) -> Milliseconds? {
        switch kind {
        case .posthog: return 24 * 3_600_000
        case .sentry: return 60 * 60_000
        case .logrocket: return nil
        }
    }

    /// The family defaults: storage, flush interval, byte cap, event cap and idle timeout.
    public static func defaults(for kind: Kind) -> (identityStorage: IdentityStorage, flushInterval: Milliseconds, batchByteCap: Int, batchEventCap: Int, idleTimeout: Milliseconds) {
        switch kind {
        case .posthog: return (.rootDomainCookie, 2_000, 1_000_000, 1_000, 30 * 60_000)
        case .sentry: return (.sessionStorage, 5_000, 20_000_000, 10_000, 15 * 60_000)
        case .logrocket: return (.rootHostnameCookie, 5_000, 4_000_000, 1_000, 30 * 60_000)
        }
    }
}
