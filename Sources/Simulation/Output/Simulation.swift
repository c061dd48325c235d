import ScenarioLanguage
import SessionModel

/// Everything one simulated scenario produced: sessions with their events, the uploads the SDK attempted, planted canaries and the manifest.
///
/// ```swift
/// let simulation = try Simulator(scenario: scenario, seed: scenario.seed).run()
/// for upload in simulation.uploads { print(upload.sendAt, upload.batch.sequence) }
/// ```
public struct Simulation: Sendable {
    /// The scenario's name.
    public var scenarioName: String
    /// The seed used.
    public var seed: UInt64
    /// The virtual clock's start (epoch ms).
    public var startTime: Int64
    /// Recording sessions in the order they started.
    public var sessions: [SimulatedSession]
    /// Every upload the SDKs scheduled, in the order they were scheduled.
    public var uploads: [ScheduledUpload]
    /// Every canary value planted, in planting order.
    public var canaries: [PlantedCanary]
    /// Every value a `type` step typed, in order, for `expect masked`.
    public var typedValues: [TypedValue] = []
    /// The truth later checks compare against, as canonical JSON (`ManifestBuilder`).
    ///
    /// Built when read, from the rest of the simulation and `manifestFacts`, so a run that never reads
    /// it does not pay for it; each read builds it again, so keep the value to read it more than once.
    public var manifest: JSONValue { ManifestBuilder(simulation: self).build() }
    /// What the manifest needs beyond the public parts.
    var manifestFacts: ManifestFacts
    /// The address each person's browser sends from (`X-Forwarded-For` on its uploads), by person; a canary's value for `ip "{canary ip}"`.
    public var clientIPs: [String: String] = [:]
    /// The scenario's `erase` steps, in the order they ran, each with its moment on the virtual clock.
    public var erasures: [ErasureRequest] = []
}

/// An `erase` step: the person asked for erasure at this moment of the run.
public struct ErasureRequest: Sendable, Equatable {
    public var person: String
    /// The virtual clock (epoch ms) when the step ran: uploads sent at or before it reach the endpoint before the erasure.
    public var at: Int64
    /// The step's place in the scenario, for messages.
    public var location: SourceLocation
}

/// One recording session: a session id of one person, with the tabs (windows) that recorded under it.
public struct SimulatedSession: Sendable {
    /// 1-based position in `Simulation.sessions`.
    public var index: Int
    /// The person's name.
    public var person: String
    /// The origin of the first page recorded under this session.
    public var origin: String
    public var sessionId: String
    /// The device or visitor id (distinct id) at the session's start.
    public var deviceId: String
    /// The identified user, if the application called identify during the session.
    public var userId: String?
    /// The tabs, in the order they first recorded under this session.
    public var windows: [WindowRecording]

    /// The window ids, in order.
    public var windowIds: [String] { windows.map(\.windowId) }
    /// Every page URL recorded, in window then page order.
    public var pages: [String] { windows.flatMap { $0.pages.map(\.url) } }
    /// All events, window after window, each window in emission order.
    public var events: [Event] { windows.flatMap(\.events) }

    /// All events as one canonical JSON array, window after window, joined from the windows' recordings.
    public func recording(style: JSONWriter.Style = .compact) -> [UInt8] {
        RecordingEncoder.concatenate(windows.map(\.compactRecording), style: style)
    }
}

/// The events one tab recorded under one session, in emission order; each page view starts with Meta and FullSnapshot.
public struct WindowRecording: Sendable {
    public var windowId: String
    /// Page views in order.
    public var pages: [PageVisit]
    /// The events in emission order (the batches' events, window after window, put together when read).
    public var events: [Event] { Array(eventChunks.joined()) }
    /// How many events the window recorded.
    public var eventCount: Int { eventChunks.reduce(0) { $0 + $1.count } }
    /// The events, one chunk per upload batch the SDK made of them, sharing the batches' storage.
    var eventChunks: [[Event]]
    /// `events` as one compact canonical JSON array, encoded once as they were emitted, and kept
    /// where it was encoded (read it in place, or copy it with `bytes`).
    public internal(set) var compactRecording: EncodedJSON

    /// The events as one canonical JSON array: `RecordingEncoder.encodeArray(events, style:)` without encoding them again.
    public func recording(style: JSONWriter.Style = .compact) -> [UInt8] {
        RecordingEncoder.concatenate([compactRecording], style: style)
    }
}

/// One page view: the recorder restarted with a new Meta and FullSnapshot.
public struct PageVisit: Sendable, Equatable {
    public var pageId: String
    public var url: String
    public var origin: String
    /// When the page loaded (epoch ms).
    public var loadedAt: Int64
}

/// One upload the SDK scheduled: the batch, when it is sent, and what happened to each attempt.
public struct ScheduledUpload: Sendable {
    /// How an upload ended.
    public enum Outcome: String, Sendable, Equatable {
        /// A 2xx response arrived.
        case acknowledged
        /// A status the SDK does not retry (a 4xx; for Sentry any status outside 2xx): it drops the batch.
        case rejected
        /// Retries ran out on 5xx or network errors, or (Sentry) the replay had stopped and the batch was never sent.
        case gaveUp = "gave-up"
        /// The page unloaded before an acknowledgement; the events went to localStorage.
        case lostAtUnload = "lost-at-unload"
    }

    /// The person whose browser sends it.
    public var person: String
    public var batch: UploadBatch
    /// When the first attempt starts (epoch ms).
    public var sendAt: Int64
    public var attempts: [UploadAttempt]
    public var outcome: Outcome
    /// This batch was kept in localStorage at an unload and is sent again on the next visit.
    public var isRecoveredLeftover: Bool
    /// For a recovered batch, the index in `Simulation.uploads` of the upload that was lost.
    public var recoveredFrom: Int?
    /// For a lost batch, the index of the upload that re-sent it, if a later visit did.
    public var recoveredBy: Int?
    /// The byte size of the batch as compact canonical JSON.
    public var byteSize: Int
    /// The collector's third-party cookie sent with the request, if the jar allows one.
    public var collectorCookie: String?
}

/// One HTTP attempt of an upload.
public struct UploadAttempt: Sendable, Equatable {
    /// When the request starts (epoch ms).
    public var at: Int64
    /// The response status; 0 for a network error, -1 when the page unloaded first.
    public var status: Int
    /// When the response (or failure) arrived, or the unload happened.
    public var completedAt: Int64
    /// `fetch`, or `beacon` for the flush at a navigation.
    public var transport: String
}
