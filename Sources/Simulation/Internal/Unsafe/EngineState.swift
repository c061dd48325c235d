// Why this file is unsafe: the engine's per-event state opts out of Swift's run-time
// exclusivity checks with `@exclusivity(unchecked)`.
//
// What keeps it correct: an `Engine`, its `PageState`s and `SessionBuilder`s belong to one
// simulation, which runs on one thread, and no code passes one of these properties `inout` (or
// mutates it in place) while something else reads or writes the same property, so the checks
// could never fire. Keep it so: never hand one of them `inout` to code that can reach the same
// object (a closure that calls back into the engine while `page.dom` is lent `inout`, say).
//
// What it pays (callgrind instructions of harness-benchmarks; the marks are one group):
//   simulate large 10:     328.1M with the marks, 368.5M without (+12.3%)
//   simulate Scenarios 10: 219.7M with the marks, 241.5M without (+9.9%)
// Most of it is `emit`, `advance(to:)`, `fireTimers` and `movePointer`, which touch these
// properties a few times per event or pointer sample. Restructuring them so that the state is a
// struct held `inout` through the step (so that the compiler checks it statically) is the way to
// drop the marks; until then they stay, and only here.
//
// Stored properties have to be declared with their class, so the three classes are declared here
// and their behaviour lives in extensions under Engine/.

import ScenarioLanguage
import SessionModel

/// A loaded page: its DOM mirror, pointer and focus, and the SDK's state for this page view.
///
/// The properties read or written for every event and pointer sample are `@exclusivity(unchecked)`
/// (with the engine's and the session builder's, +12.3% / +9.9% instructions on the simulate
/// benchmarks without them; see the top of this file for why that is sound).
final class PageState {
    let url: String
    let origin: String
    let host: String
    /// `Domains.registrableDomain(host)`, where the SDK's cookies go.
    let registrableDomain: String
    @exclusivity(unchecked) var dom: VirtualDOM
    @exclusivity(unchecked) var masker: Masker
    let pageId: String
    let loadedAt: Int64
    /// The HTML the page was loaded from, which with the URL and viewport finds it in `PageCache`.
    var html = ""
    unowned let tab: Tab
    unowned let browser: Browser
    @exclusivity(unchecked) var pointer: (x: Double, y: Double)
    @exclusivity(unchecked) var scrollY = 0.0
    var focused: Int?
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
    @exclusivity(unchecked) var isOpen = true
    /// Caches for `emit`: the visit record, the session builder and the window within it.
    @exclusivity(unchecked) var visitIndex = 0
    /// The collector cookie this page's requests carry (read once: nothing else sets it).
    var collectorCookie: String?
    @exclusivity(unchecked) var builder: SessionBuilder?
    @exclusivity(unchecked) var windowIndex = 0

    init(url: String, dom: VirtualDOM, masker: Masker, pageId: String, loadedAt: Int64, tab: Tab, browser: Browser, pointer: (Double, Double)) {
        self.url = url
        self.origin = URLResolver.origin(of: url)
        self.host = URLResolver.host(of: url)
        self.registrableDomain = Domains.registrableDomain(host)
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

/// The events of one session, per window, while they are being produced.
///
/// `userId` and `windows` change with every event; like `PageState`'s they skip the run-time
/// exclusivity checks (part of the figure at the top of this file), for the same reason.
final class SessionBuilder {
    let index: Int
    let person: String
    let sessionId: String
    let origin: String
    let deviceId: String
    @exclusivity(unchecked) var userId: String?
    @exclusivity(unchecked) var windows: [WindowBuilder] = []

    init(index: Int, person: String, sessionId: String, origin: String, deviceId: String) {
        self.index = index
        self.person = person
        self.sessionId = sessionId
        self.origin = origin
        self.deviceId = deviceId
    }
}

/// Runs a scenario step by step on a virtual clock.
///
/// As in `PageState`, the properties used for every event are `@exclusivity(unchecked)` (part of the
/// figure at the top of this file): an engine runs on one thread and never accesses one of them
/// while an `inout` access to it is in progress.
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
    @exclusivity(unchecked) var sessions: [SessionBuilder] = []
    @exclusivity(unchecked) var uploads: [ScheduledUpload] = []
    var canaries: [PlantedCanary] = []
    @exclusivity(unchecked) var visits: [VisitRecord] = []
    var tabCounter = 0
    var location = SourceLocation.unknown

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
