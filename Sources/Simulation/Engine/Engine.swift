import Markup
import ScenarioLanguage
import SessionModel

/// One person's browser: cookie jar, localStorage per origin, tabs, and batches left in localStorage at unload.
final class Browser {
    /// The person browsing; a resize step changes its viewport for the pages that follow.
    var person: Person
    var cookies = CookieJar()
    var local = OriginStores()
    var tabs: [Tab] = []
    var current: Tab?
    /// The declared page this browser loaded last, whose document `return after` loads again.
    var lastURL: String?
    /// The address that page showed last (after `push-state`, the pushed URL), where `return after` goes back to.
    var lastAddress: String?
    /// Unacknowledged uploads kept in localStorage, by origin, oldest first (indices into `Engine.uploads`).
    var leftovers: [(origin: String, upload: Int)] = []

    init(person: Person) {
        self.person = person
        // Cookies off, as browsers do it: no cookie and no site storage is kept.
        cookies.refusesAll = !person.cookiesEnabled
        local.refusesAll = !person.cookiesEnabled
    }
}

/// One tab: its sessionStorage, history and the page it shows.
final class Tab {
    let number: Int
    var session = OriginStores()
    var history: [String] = []
    var page: PageState?
    /// `Engine.sequenceKey(_:)` for the (session, window) it was made for: the tab's next page usually has the same.
    var sequenceKey: (sessionId: String, windowId: String, key: String)?

    init(number: Int) { self.number = number }
}

/// The events of one session, per window, while they are being produced.
///
/// `userId` and `windows` change with every event, yet need no `@exclusivity(unchecked)`: without it
/// the simulate benchmarks run ~1% more instructions (and putting both in one struct, to be
/// checked once per event, measured no better).
final class SessionBuilder {
    let index: Int
    let person: String
    let sessionId: String
    let origin: String
    let deviceId: String
    var userId: String?
    var windows: [WindowBuilder] = []

    init(index: Int, person: String, sessionId: String, origin: String, deviceId: String) {
        self.index = index
        self.person = person
        self.sessionId = sessionId
        self.origin = origin
        self.deviceId = deviceId
    }
}

extension Engine {
    /// What the manifest says about one page view.
    struct VisitRecord {
        var person: String
        var url: String
        var origin: String
        /// The registrable domain of the page's host, the site relations compare.
        var site: String
        var pageId: String
        var windowId: String
        var sessionIds: [String]
        var deviceId: String
        var userId: String?
        var loadedAt: Int64
        /// Events by kind, in the order the kinds first occurred (a handful per visit); the manifest
        /// names and sorts them (`countsByName`).
        var kindCounts: [(kind: EventKind, count: Int)] = []
        /// Incremental snapshot events (most events) by the raw value of their source, when below
        /// `countedSources`; they are not in `kindCounts`.
        var sourceCounts = [Int](repeating: 0, count: VisitRecord.countedSources)
        var leftAtUnload: [Int] = []
        var recovered: [Int] = []

        /// Where the last counted kind is in `kindCounts`: events come in runs of one kind (keystrokes, pointer moves).
        var lastKindIndex = 0

        /// The sources `sourceCounts` counts: rrweb's, 0 (mutation) to 16 (custom element).
        static let countedSources = 17

        /// Counts one event with this data: an incremental snapshot of a known source by index, any other by its kind.
        mutating func count(_ data: borrowing EventData, source: IncrementalSource?) {
            if let source, source.rawValue >= 0, source.rawValue < VisitRecord.countedSources {
                sourceCounts[source.rawValue] += 1
            } else {
                count(EventKind.of(data))
            }
        }

        /// Counts one event; a linear search of the few kinds beats hashing the name on every event.
        mutating func count(_ kind: EventKind) {
            if lastKindIndex < kindCounts.count, kindCounts[lastKindIndex].kind == kind {
                kindCounts[lastKindIndex].count += 1
            } else if let index = kindCounts.firstIndex(where: { $0.kind == kind }) {
                kindCounts[index].count += 1
                lastKindIndex = index
            } else {
                kindCounts.append((kind, 1))
                lastKindIndex = kindCounts.count - 1
            }
        }

        /// The counts under their manifest names, sorted by name (distinct kinds have distinct names).
        var countsByName: [(name: String, count: Int)] {
            let bySource = sourceCounts.indices.filter { sourceCounts[$0] > 0 }.map { (kind: EventKind.incremental(IncrementalSource(rawValue: $0)), count: sourceCounts[$0]) }
            return (kindCounts + bySource).map { (name: $0.kind.name, count: $0.count) }.sorted { $0.name < $1.name }
        }
    }

    func fail(_ message: String) -> SimulationError {
        SimulationError(message: message, location: location)
    }

    func run() throws(SimulationError) -> Simulation {
        // A person whose address is a canary (`ip "{canary ip}"`) browses from its generated value.
        for browser in browsers {
            if let canary = browser.person.ipCanary { browser.person.ip = canaryGenerator.value(for: canary, person: browser.person.name) }
        }
        for step in scenario.steps {
            location = step.location
            try perform(step.action)
        }
        finish()
        return makeSimulation()
    }

    // MARK: - Clock

    /// Moves the clock forward, firing every open page's due timers on the way.
    func advance(to time: Int64) {
        guard time > clock else { return }
        // Called for every pointer sample and event: the pages are read by index, so the loop takes no
        // copy of the list (firing a timer never opens or closes a page).
        for index in openPages.indices where openPages[index].isOpen { fireTimers(openPages[index], until: time) }
        clock = time
    }

    func advance(by milliseconds: Int64) { advance(to: clock + max(0, milliseconds)) }

    /// Emits buffered mouse positions and flushes batches whose interval ended by `time`.
    func fireTimers(_ page: PageState, until time: Int64) {
        if let first = page.pendingMoves.first, first.t + 500 <= time { flushMoves(page) }
        if !page.buffer.isEmpty, flushDue(page) <= time {
            flush(page, at: flushDue(page), transport: "fetch")
        }
    }

    /// When the buffer is sent: `flushInterval` after the last event (SDKs debounce), but no later than
    /// `maxWaitFactor` intervals after the first, so a busy page still uploads.
    func flushDue(_ page: PageState) -> Int64 {
        min(page.bufferLast + scenario.sdk.flushInterval, page.bufferStart + Engine.maxWaitFactor * scenario.sdk.flushInterval)
    }

    static let maxWaitFactor: Int64 = 5

    /// A human pause before an action: reaction and decision time.
    func humanPause(_ median: Double = 350) {
        advance(by: Int64(min(4000, max(80, behaviour.logNormal(median: median, sigma: 0.35)))))
    }

    // MARK: - Pages

    var currentPage: PageState? { currentBrowser.current?.page }

    func requirePage() throws(SimulationError) -> PageState {
        guard let page = currentPage, page.isOpen else { throw fail("no page is open; add a visit step first") }
        return page
    }

    func requireTarget(_ selector: String, in page: PageState) throws(SimulationError) -> Int {
        guard let id = page.dom.first(selector) else { throw fail("\"\(selector)\" matches nothing on \(page.url)") }
        return id
    }

    /// Opens a new tab in the current browser.
    func openTab() -> Tab {
        tabCounter += 1
        let tab = Tab(number: tabCounter)
        tab.session.refusesAll = !currentBrowser.person.cookiesEnabled
        currentBrowser.tabs.append(tab)
        currentBrowser.current = tab
        return tab
    }

    /// Loads `url` in `tab`: the previous page unloads with a beacon flush, then the SDK starts and snapshots.
    ///
    /// `address`, when it differs from `url`, is the location the document opens at: a client-side
    /// route of that page (its server answers the route with the same document, as a single-page app's does).
    func load(_ url: String, in tab: Tab, pushHistory: Bool = true, address: String? = nil) {
        if let previous = tab.page, previous.isOpen { closePage(previous, timing: .navigation) }
        advance(by: Int64(behaviour.int(in: 250...900)))
        let declared = scenario.page(for: url)
        var html = declared?.html ?? "<!DOCTYPE html><html><head><title></title></head><body></body></html>"
        let person = currentBrowser.person
        // A copy of the cached page (copy-on-write) instead of parsing again.
        var dom = PageCache.shared.dom(html: html, url: url, viewport: person.viewport)
        if dom.emptyFrameSources.contains(where: { scenario.page(for: $0) != nil }) {
            // A frame shows a declared page: the page with its frames' content is another page to cache.
            html = PageCache.shared.framedSource(url: url, pages: scenario.pages)
            dom = PageCache.shared.dom(html: html, url: url, viewport: person.viewport) {
                FrameContent.document(for: url, in: self.scenario.pages) ?? HTMLParser.parse(html)
            }
        }
        // The fresh page's kept snapshot, looked up once: the page starts from a copy of its masker, and `snapshot` sends it.
        let kept = PageCache.shared.snapshot(html: html, url: url, viewport: person.viewport, policy: scenario.masking)
        let masker = kept?.masker.copy() ?? Masker(policy: scenario.masking)
        let pageId = ids.uuidV7(timestamp: clock)
        let start = (Double(person.viewport.width) * behaviour.double(in: 0.3...0.7), Double(person.viewport.height) * behaviour.double(in: 0.2...0.6))
        // The page takes the DOM over (`consume`): passing the local copied it, every array retained.
        let page = PageState(url: url, dom: consume dom, masker: masker, pageId: pageId, loadedAt: clock, tab: tab, browser: currentBrowser, pointer: start)
        page.html = html
        if let previous = tab.page, previous.origin == page.origin, replayStopped(previous, before: clock) { page.startsNewSession = true }
        if let address, address != url { page.historyEntries = [address] }
        page.masker.refresh(&page.dom)
        page.hasUnrecordedFrames = hasUnrecordedFrames(page)
        tab.page = page
        if pushHistory { tab.history.append(url) }
        currentBrowser.lastURL = url
        currentBrowser.lastAddress = address ?? url
        openPages.append(page)
        startSDK(page)
        page.visitIndex = visits.count
        visits.append(VisitRecord(person: person.name, url: url, origin: page.origin, site: page.registrableDomain, pageId: pageId, windowId: page.windowId, sessionIds: [page.sessionId], deviceId: page.deviceId, userId: page.userId, loadedAt: clock))
        // Every upload of the visit carries the address; no masking policy can hold it back.
        if let canary = person.ipCanary {
            plant(person.ip, canary, page: page, plantedIn: "client IP (X-Forwarded-For)", capturePath: "client IP", mustBeMasked: false)
        }
        let recordAfter = declared?.recordAfter
        if recordAfter != nil { emitLoadEvents(page, upTo: recordAfter!) }
        snapshot(page, kept: kept)
        if recordAfter == .domContentLoaded { emitLoadEvents(page, upTo: nil) }
        sendLeftovers(page)
    }

    /// Emits Meta, FullSnapshot and an attach mutation per loaded iframe, as rrweb does at record start.
    ///
    /// `kept` is the fresh page's snapshot `load` found in `PageCache`, so that it is not looked up again.
    func snapshot(_ page: PageState, kept: PageCache.Snapshot? = nil) {
        prepareToSerialize(page)
        let viewport = currentBrowser.person.viewport
        emit(page, .meta(Meta(href: currentHref(page), width: Double(viewport.width), height: Double(viewport.height))))
        let loadedIn = page.browser.person.viewport
        let cached = page.dom.isPristine ? kept ?? PageCache.shared.snapshot(html: page.html, url: page.url, viewport: loadedIn, policy: scenario.masking) : nil
        // A fresh page's snapshot is kept with the masker state it was taken in and the frame documents attached after it.
        let maskerToKeep = cached == nil && page.dom.isPristine ? page.masker.copy() : nil
        var snapshot = cached?.atTop ?? FullSnapshot(node: page.dom.serialize(1, deep: true, masker: page.masker), initialOffset: nil)
        snapshot.initialOffset = ScrollOffset(top: page.scrollY, left: 0)
        // The cache holds the encoding of the snapshot taken at the top of the page.
        emit(page, .fullSnapshot(snapshot), encodedData: page.scrollY == 0 ? cached?.encodedAtTop : nil)
        let frameDocuments = attachFrames(page.dom.attachedFrames, in: page, serialized: cached?.frameDocuments ?? [:])
        if let maskerToKeep {
            PageCache.shared.storeSnapshot(snapshot, frameDocuments: frameDocuments, masker: maskerToKeep, html: page.html, url: page.url, viewport: loadedIn)
        }
    }

    /// One `isAttachIframe` mutation per frame that is serialized (not blocked, not inside a blocked element, not a
    /// cross-origin frame the SDK does not record); returns the frame documents it sent, by document id.
    ///
    /// `serialized` holds documents already serialized in the DOM's current state (a fresh page's, from `PageCache`).
    @discardableResult
    func attachFrames(_ frames: [Int], in page: PageState, serialized: [Int: SerializedNode] = [:]) -> [Int: SerializedNode] {
        var sent: [Int: SerializedNode] = [:]
        for iframe in frames where page.dom[iframe].alive && !page.dom.isInsideBlocked(iframe, by: page.masker) && !isInUnrecordedFrame(page.dom[iframe].contentDocument, page) {
            let document = page.dom[iframe].contentDocument
            guard document != 0 else { continue }
            let node = serialized[document] ?? page.dom.serialize(document, deep: true, masker: page.masker)
            sent[document] = node
            let add = AddedNode(parentId: iframe, nextId: nil, node: node)
            emit(page, .incrementalSnapshot(.mutation(Mutation(adds: [add], isAttachIframe: true))))
        }
        return sent
    }

    enum CloseTiming {
        case navigation
        case unload(UnloadTiming)
    }

    /// Ends a page view: a navigation flushes by beacon; an unload follows its timing.
    func closePage(_ page: PageState, timing: CloseTiming) {
        flushMoves(page)
        switch timing {
        case .navigation:
            if !page.buffer.isEmpty { flush(page, at: clock, transport: "beacon") }
        case .unload(.afterUpload):
            if !page.buffer.isEmpty { flush(page, at: clock, transport: "fetch") }
            let acknowledged = page.uploads.compactMap { uploads[$0].attempts.last?.completedAt }.max() ?? clock
            advance(to: max(clock, acknowledged) + 1)
            lose(page, at: clock)
        case .unload(.duringUpload):
            if !page.buffer.isEmpty { flush(page, at: clock, transport: "fetch") }
            advance(to: clock + 5)
            lose(page, at: clock)
        case .unload(.beforeUpload):
            if !page.buffer.isEmpty {
                let index = makeUpload(page, at: clock, transport: "fetch", send: false)
                page.uploads.append(index)
            }
            lose(page, at: clock)
        }
        page.isOpen = false
        openPages.removeAll { $0 === page }
    }

    // MARK: - Finish

    func finish() {
        for page in openPages where page.isOpen {
            flushMoves(page)
            if !page.buffer.isEmpty { flush(page, at: max(clock, flushDue(page)), transport: "fetch") }
        }
    }

    func makeSimulation() -> Simulation {
        let sessionValues = sessions.map { builder in
            SimulatedSession(index: builder.index, person: builder.person, origin: builder.origin, sessionId: builder.sessionId, deviceId: builder.deviceId, userId: builder.userId, windows: builder.windows.map { $0.finish() })
        }
        let facts = ManifestFacts(scenario: scenario, thirdPartyCookies: options.thirdPartyCookies, visits: visits, pendingAtEnd: browsers.flatMap { $0.leftovers.map(\.upload) })
        var simulation = Simulation(scenarioName: scenario.name, seed: seed, startTime: startTime, sessions: sessionValues, uploads: uploads, canaries: canaries, manifestFacts: facts)
        simulation.typedValues = typedValues
        simulation.erasures = erasures
        simulation.clientIPs = Dictionary(browsers.map { ($0.person.name, $0.person.ip) }, uniquingKeysWith: { first, _ in first })
        return simulation
    }
}
