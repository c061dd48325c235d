// Why this file is unsafe: the engine's per-event state opts out of Swift's run-time
// exclusivity checks with `@exclusivity(unchecked)`.
//
// What keeps it correct: an `Engine` and its `PageState`s belong to one simulation, which runs
// on one thread, and no code passes one of these properties `inout` (or mutates it in place)
// while something else reads or writes the same property, so the checks could never fire. Keep
// it so: never hand one of them `inout` to code that can reach the same object (a closure that
// calls back into the engine while `page.dom` is lent `inout`, say).
//
// What it pays (callgrind instructions of harness-benchmarks, simulate large 10 / simulate
// Scenarios 10, measured against this file as it is):
//   PageState's 15 marks removed: +8.3% / +6.6%
//   Engine's 4 marks removed:     +2.8% / +2.4%
// Each group costs more than the 2% the project allows for a mark. The marks that cost less
// went: `PageState.pointer`, `Engine.sessions` and `Engine.uploads` (+0.1% / +0.2% together),
// and `SessionBuilder`'s two (+1.2% / +0.8%; the class is back in Engine/Engine.swift).
//   WindowBuilder's 1 mark removed: +2.9% (simulate large 60: 802.5M -> 825.9M)
// The checks are paid in `emit`, `advance(to:)`, `fireTimers` and `movePointer`, a few
// per event or pointer sample; `WindowBuilder.encoder`'s in `emit`, once per event, around
// the event's writer. Dropping these marks too means holding the page's and the
// engine's hot state as a struct `inout` through a step, so that the compiler checks it
// statically (as `Replay`'s `DOMArena` does); until then they stay, and only here.
//
// Stored properties have to be declared with their class, so the three classes are declared here
// and their behaviour lives in extensions under Engine/ (WindowBuilder's few methods stay with it).

import ScenarioLanguage
import SessionModel

/// A loaded page: its DOM mirror, pointer and focus, and the SDK's state for this page view.
///
/// The properties read or written for every event and pointer sample are `@exclusivity(unchecked)`
/// (+8.3% / +6.6% instructions on the simulate benchmarks without them; see the top of this file
/// for why that is sound).
final class PageState {
    let url: String
    let origin: String
    let host: String
    /// The registrable domain of `host` (`RegistrableDomains`), where the SDK's cookies go.
    let registrableDomain: String
    @exclusivity(unchecked) var dom: VirtualDOM
    @exclusivity(unchecked) var masker: Masker
    let pageId: String
    let loadedAt: Int64
    /// The HTML the page was loaded from, which with the URL and viewport finds it in `PageCache`.
    var html = ""
    unowned let tab: Tab
    unowned let browser: Browser
    var pointer: (x: Double, y: Double)
    @exclusivity(unchecked) var scrollY = 0.0
    var focused: Int?
    /// The document's `history` entries after client-side routing (empty until the first push-state or replace-state).
    var historyEntries: [String] = []
    /// The element the last press landed on, where a click puts the caret of a contenteditable.
    var clickedElement: Int?
    @exclusivity(unchecked) var lastEventTime: Int64
    // SDK state
    @exclusivity(unchecked) var sessionId = ""
    var windowId = ""
    var deviceId = ""
    @exclusivity(unchecked) var userId: String?
    @exclusivity(unchecked) var buffer: [Event] = []
    /// `buffer.count` + the compact JSON sizes of the buffered events (their array body plus one).
    @exclusivity(unchecked) var bufferBytes = 0
    @exclusivity(unchecked) var bufferStart: Int64 = 0
    @exclusivity(unchecked) var bufferLast: Int64 = 0
    @exclusivity(unchecked) var pendingMoves: [(x: Double, y: Double, id: Int, t: Int64)] = []
    var uploads: [Int] = []
    /// `Engine.envelopeSize(_:_:)` without the sequence number's digits, for the identity it was worked out for.
    var envelopeSize: (sessionId: String, windowId: String, distinctId: String, userId: String?, userAgent: String, withoutSequence: Int)?
    @exclusivity(unchecked) var isOpen = true
    /// Caches for `emit`: the visit record, the session builder and the window it records into.
    @exclusivity(unchecked) var visitIndex = 0
    /// The collector cookie this page's requests carry (read once: nothing else sets it).
    var collectorCookie: String?
    @exclusivity(unchecked) var builder: SessionBuilder?
    @exclusivity(unchecked) var window: WindowBuilder?
    /// `emit` records only part of what happens (`Engine.recordedPart`): the page shows an unrecorded
    /// cross-origin frame, or its Sentry replay stops; one flag, so other pages pay one test per event.
    @exclusivity(unchecked) var filtersEvents = false
    /// Sentry: when the replay stops after a dropped upload (`Int64.max` while it records); nothing at or after it is recorded.
    var replayStopsAt = Int64.max
    /// Sentry: the upload whose drop stops the replay.
    var replayStoppedBy: Int? { didSet { filtersEvents = hasUnrecordedFrames || replayStoppedBy != nil } }
    /// The page shows a cross-origin frame the SDK does not record, so `emit` filters what concerns its nodes.
    var hasUnrecordedFrames = false { didSet { filtersEvents = hasUnrecordedFrames || replayStoppedBy != nil } }
    /// The SDK must mint a new session id at start (Sentry's `clearSession` after the previous page's replay stopped).
    var startsNewSession = false

    init(url: String, dom: VirtualDOM, masker: Masker, pageId: String, loadedAt: Int64, tab: Tab, browser: Browser, pointer: (Double, Double)) {
        self.url = url
        let address = PageAddresses.shared.of(url)
        self.origin = address.origin
        self.host = address.host
        self.registrableDomain = address.registrableDomain
        self.dom = dom
        self.masker = masker
        self.pageId = pageId
        self.loadedAt = loadedAt
        self.tab = tab
        self.browser = browser
        self.pointer = pointer
        self.lastEventTime = loadedAt
    }
}

/// Runs a scenario step by step on a virtual clock.
///
/// As in `PageState`, the properties used for every event are `@exclusivity(unchecked)` (+2.8% /
/// +2.4% instructions on the simulate benchmarks without them): an engine runs on one thread and
/// never accesses one of them while an `inout` access to it is in progress.
final class Engine {
    let scenario: Scenario
    let seed: UInt64
    let options: SimulatorOptions
    let sanitizer: PayloadSanitizer
    @exclusivity(unchecked) var clock: Int64
    let startTime: Int64
    var ids: SeededRandom
    @exclusivity(unchecked) var behaviour: SeededRandom
    var network: SeededRandom
    var canaryGenerator: CanaryGenerator
    var browsers: [Browser] = []
    var currentBrowser: Browser
    @exclusivity(unchecked) var openPages: [PageState] = []
    var sessions: [SessionBuilder] = []
    var uploads: [ScheduledUpload] = []
    var canaries: [PlantedCanary] = []
    var typedValues: [TypedValue] = []
    @exclusivity(unchecked) var visits: [VisitRecord] = []
    var tabCounter = 0
    var location = SourceLocation.unknown
    /// When each session id was minted, for the SDK's session cap (a lookup by id, never iterated).
    var sessionStarts: [String: Int64] = [:]
    /// The last `sessionStarts` entry looked up: the SDK asks for the same session at every activity, and an
    /// entry never changes once made.
    var lastSessionStart: (id: String, start: Int64)?
    /// Scripted collector outages, in the order the steps began them.
    var outages: [CollectorOutageWindow] = []
    /// `erase` steps, in the order they ran.
    var erasures: [ErasureRequest] = []

    init(scenario: Scenario, seed: UInt64, options: SimulatorOptions) {
        self.scenario = scenario
        self.seed = seed
        self.options = options
        sanitizer = PayloadSanitizer(policy: scenario.masking)
        startTime = Simulator.startTime(seed: seed)
        clock = startTime
        ids = SeededRandom.stream(seed, "ids")
        behaviour = SeededRandom.stream(seed, "behaviour")
        network = SeededRandom.stream(seed, "network")
        canaryGenerator = CanaryGenerator(seed: seed)
        browsers = scenario.persons.map(Browser.init(person:))
        currentBrowser = browsers[0]
    }
}

/// The events of one window while they are being produced, each encoded once as it is added.
///
/// The events themselves are kept once, in the SDK's batches: each batch's events, when the SDK
/// makes it, become the window's next chunk (the same array, shared), so the window holds no copy.
/// A class, so the page recording into it holds it (`PageState.window`) and `emit` appends to it
/// directly, not through its session's list of windows (an exclusivity check per event).
final class WindowBuilder {
    let windowId: String
    /// The session the window records under.
    let sessionId: String
    var pages: [PageVisit]
    /// The window's events so far, one chunk per batch, in order.
    private var chunks: [[Event]] = []
    /// Starts with room for a typical window (hundreds of kilobytes): growing from a few kilobytes
    /// reallocated it about eight times, each copying the whole recording so far.
    ///
    /// Appended to for every event, while the event's own writer runs (code the optimizer cannot see
    /// into, so it keeps a run-time check): `@exclusivity(unchecked)` (+2.9% instructions on simulate
    /// large 60 without it, the checks of `encode`).
    @exclusivity(unchecked) private var encoder = EventListEncoder(reservingCapacity: 1 << 20)

    init(windowId: String, sessionId: String, firstPage: PageVisit) {
        self.windowId = windowId
        self.sessionId = sessionId
        pages = [firstPage]
    }

    /// Encodes an event the SDK buffers and returns its compact JSON size, which the SDK counts towards the batch size.
    ///
    /// `encodedData`, when given, is the event's data already encoded (`EventListEncoder.encode`).
    func encode(_ event: Event, encodedData: [UInt8]? = nil) -> Int {
        if let encodedData { return encoder.append(event, encodedData: encodedData) }
        return encoder.append(event)
    }

    /// Keeps the events of a batch the SDK made from this window's buffered events, in the order they were encoded.
    func keep(_ batch: [Event]) {
        chunks.append(batch)
    }

    /// The finished window, its events closed into one compact recording that is handed over, not
    /// copied; called once, when the simulation ends.
    func finish() -> WindowRecording {
        var encoded = EventListEncoder(reservingCapacity: 0)
        swap(&encoded, &encoder)
        return WindowRecording(windowId: windowId, pages: pages, eventChunks: chunks, compactRecording: (consume encoded).finished())
    }
}
