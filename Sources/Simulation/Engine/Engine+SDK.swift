import ScenarioLanguage
import SessionModel

/// The recorder SDK: where ids live, batching, sequence numbers, retries and unload.
extension Engine {
    static let sessionKey = "sh_session"
    static let deviceKey = "sh_device"
    static let windowKey = "sh_window"
    static let userKey = "sh_user"

    var usesCookies: Bool { scenario.sdk.identityStorage != .sessionStorage }

    /// The stored session record: id and last activity.
    func storedSession(_ page: PageState) -> (id: String, lastActivity: Int64)? {
        let stored = usesCookies ? page.browser.cookies.stored(Engine.sessionKey, host: page.host) : page.tab.session[page.origin][stored: Engine.sessionKey]
        // A real SDK's `id|lastActivity` string with an empty id does not parse back into a record.
        guard case .session(let id, let lastActivity)? = stored, !id.isEmpty else { return nil }
        return (id, lastActivity)
    }

    func storeSession(_ page: PageState, id: String, lastActivity: Int64) {
        let record = StoredValue.session(id: id, lastActivity: lastActivity)
        if usesCookies {
            page.browser.cookies.set(Engine.sessionKey, record, host: page.host, domain: page.registrableDomain)
        } else {
            page.tab.session[page.origin][stored: Engine.sessionKey] = record
        }
    }

    /// A long-lived value: a root-domain cookie for cookie profiles, else localStorage of the origin.
    func persistent(_ page: PageState, _ key: String) -> String? {
        usesCookies ? page.browser.cookies.value(key, host: page.host) : page.browser.local[page.origin][key]
    }

    func setPersistent(_ page: PageState, _ key: String, _ value: String) {
        if usesCookies {
            page.browser.cookies.set(key, value, host: page.host, domain: page.registrableDomain)
        } else {
            page.browser.local[page.origin][key] = value
        }
    }

    /// Reads or creates the ids at page load, rotating an idle session.
    func startSDK(_ page: PageState) {
        if let device = persistent(page, Engine.deviceKey) {
            page.deviceId = device
        } else {
            page.deviceId = ids.uuidV7(timestamp: clock)
            setPersistent(page, Engine.deviceKey, page.deviceId)
        }
        page.userId = persistent(page, Engine.userKey)
        if let window = page.tab.session[page.origin][Engine.windowKey] {
            page.windowId = window
        } else {
            page.windowId = ids.uuidV7(timestamp: clock)
            page.tab.session[page.origin][Engine.windowKey] = page.windowId
        }
        if let stored = storedSession(page), !page.startsNewSession, clock - stored.lastActivity <= scenario.sdk.idleTimeout, !pastMaxSessionDuration(stored.id) {
            page.sessionId = stored.id
        } else {
            page.sessionId = ids.uuidV7(timestamp: clock)
        }
        if sessionStarts[page.sessionId] == nil { sessionStarts[page.sessionId] = clock }
        storeSession(page, id: page.sessionId, lastActivity: clock)
    }

    /// Records user activity; past the idle timeout the session rotates and the recorder re-snapshots, keeping node ids.
    func activity(_ page: PageState) {
        // A stopped replay records nothing more, so it rotates no session either.
        if clock >= page.replayStopsAt { return }
        let stored = storedSession(page)
        if let stored, clock - stored.lastActivity <= scenario.sdk.idleTimeout, !pastMaxSessionDuration(stored.id) {
            if stored.id != page.sessionId {
                // Another tab rotated the shared session: follow it, as SDKs re-read storage.
                switchSession(page, to: stored.id)
            }
        } else {
            switchSession(page, to: ids.uuidV7(timestamp: clock))
        }
        storeSession(page, id: page.sessionId, lastActivity: clock)
    }

    /// Whether the session began longer ago than the SDK's session cap (PostHog 24 h, Sentry 60 min).
    func pastMaxSessionDuration(_ id: String) -> Bool {
        guard let cap = scenario.sdk.maxSessionDuration else { return false }
        if let known = lastSessionStart, known.id == id { return clock - known.start > cap }
        guard let start = sessionStarts[id] else { return false }
        lastSessionStart = (id, start)
        return clock - start > cap
    }

    private func switchSession(_ page: PageState, to id: String) {
        flushMoves(page)
        if !page.buffer.isEmpty { flush(page, at: clock, transport: "fetch") }
        page.sessionId = id
        if sessionStarts[id] == nil { sessionStarts[id] = clock }
        if !visits[page.visitIndex].sessionIds.contains(id) { visits[page.visitIndex].sessionIds.append(id) }
        snapshot(page)
    }

    /// The session builder for (person, session id), made on first use.
    func sessionBuilder(_ page: PageState) -> SessionBuilder {
        let person = page.browser.person.name
        if let existing = sessions.last(where: { $0.sessionId == page.sessionId && $0.person == person }) { return existing }
        let builder = SessionBuilder(index: sessions.count + 1, person: person, sessionId: page.sessionId, origin: page.origin, deviceId: page.deviceId)
        sessions.append(builder)
        return builder
    }

    // MARK: - Emitting

    /// Records one event at the current time: encoded into the session's window recording, kept in the SDK's buffer.
    ///
    /// `encodedData` is `data` already encoded, for a cached snapshot; the bytes are the same either way.
    ///
    /// `data` is consumed into the event and the event is moved into the buffer at its last use: an
    /// event's payload is copied only for the window that also keeps it (~4% of the simulator).
    func emit(_ page: PageState, _ data: consuming EventData, at time: Int64? = nil, encodedData: [UInt8]? = nil) {
        if page.filtersEvents {
            guard let recorded = recordedPart(of: data, page, at: max(time ?? clock, page.lastEventTime)) else { return }
            data = recorded
        }
        let source = data.incrementalSource
        if source != .mouseMove, !page.pendingMoves.isEmpty { flushMoves(page) }
        let timestamp = max(time ?? clock, page.lastEventTime)
        fireTimers(page, until: timestamp)
        page.lastEventTime = timestamp
        visits[page.visitIndex].count(data, source: source)
        let event = Event(timestamp: timestamp, data: data)
        let size: Int
        if let window = page.window, window.sessionId == page.sessionId {
            size = window.encode(event, encodedData: encodedData)
        } else {
            let builder = sessionBuilder(page)
            page.builder = builder
            let visit = PageVisit(pageId: page.pageId, url: page.url, origin: page.origin, loadedAt: page.loadedAt)
            let window: WindowBuilder
            if let existing = builder.windows.last(where: { $0.windowId == page.windowId }) {
                if existing.pages.last?.pageId != page.pageId { existing.pages.append(visit) }
                window = existing
            } else {
                window = WindowBuilder(windowId: page.windowId, sessionId: page.sessionId, firstPage: visit)
                builder.windows.append(window)
            }
            page.window = window
            size = window.encode(event, encodedData: encodedData)
        }
        if page.userId != nil { page.builder?.userId = page.userId }
        // The window encodes each event once; the SDK adds up those sizes to cap the batch, whose
        // compact body is the buffered events with a comma between them.
        if page.buffer.isEmpty { page.bufferStart = timestamp }
        page.buffer.append(consume event)
        page.bufferLast = timestamp
        page.bufferBytes += size + 1
        if page.buffer.count >= scenario.sdk.batchEventCap || page.bufferBytes >= scenario.sdk.batchByteCap {
            flush(page, at: timestamp, transport: "fetch")
        }
    }

    /// Emits the positions buffered since the last MouseMove event, with offsets relative to the last one.
    func flushMoves(_ page: PageState) {
        guard let last = page.pendingMoves.last else { return }
        let positions = page.pendingMoves.map { MousePosition(x: $0.x, y: $0.y, id: $0.id, timeOffset: Double($0.t - last.t)) }
        // Emptied in place: the next pointer path fills the same storage instead of growing a new array.
        page.pendingMoves.removeAll(keepingCapacity: true)
        emit(page, .incrementalSnapshot(.mouseMove(MouseMove(positions: positions))), at: last.t)
    }

    // MARK: - Uploads

    /// Sends the buffer as one batch starting at `time`.
    func flush(_ page: PageState, at time: Int64, transport: String) {
        guard !page.buffer.isEmpty else { return }
        let index = makeUpload(page, at: time, transport: transport, send: true)
        page.uploads.append(index)
    }

    /// Turns the buffer into a scheduled upload with the next sequence number of (session, window).
    func makeUpload(_ page: PageState, at time: Int64, transport: String, send: Bool) -> Int {
        let key = sequenceKey(page)
        var sequence = 0
        if case .count(let next)? = page.tab.session[page.origin][stored: key] { sequence = next }
        page.tab.session[page.origin][stored: key] = .count(sequence + 1)
        // The upload takes the batch as made, without events; its size and events are set in the upload
        // (a batch changed after it was made was copied into the upload, and the copy released).
        let batch = UploadBatch(sessionId: page.sessionId, windowId: page.windowId, pageId: page.pageId, sequence: sequence, distinctId: page.deviceId, userId: page.userId, origin: page.origin, userAgent: page.browser.person.userAgent, events: [])
        var upload = ScheduledUpload(person: page.browser.person.name, batch: batch, sendAt: time, attempts: [], outcome: .lostAtUnload, isRecoveredLeftover: false, recoveredFrom: nil, recoveredBy: nil, byteSize: 0, collectorCookie: collectorCookie(page))
        // The compact batch is its envelope with `"events":[]` plus each event and a comma between them.
        upload.byteSize = envelopeSize(upload.batch, page) + page.bufferBytes - 1
        upload.batch.events = page.buffer
        // The buffered events were encoded into the window of the page's builder (a session switch
        // flushes first), which keeps them as its next chunk, sharing the batch's array.
        page.window?.keep(upload.batch.events)
        // The next batch is likely about as long: room for it up front saves growing the array step by step.
        page.buffer = []
        page.buffer.reserveCapacity(upload.batch.events.count)
        page.bufferBytes = 0
        let index = uploads.count
        if send, page.replayStoppedBy != nil {
            // Sentry's stopped replay: the batch is destroyed in the buffer (or waits on the flush lock until the stop).
            upload.outcome = .gaveUp
        } else if send {
            (upload.attempts, upload.outcome) = attempts(startingAt: time, upload: index, transport: transport)
        }
        uploads.append(upload)
        stopReplayIfDropped(page, upload: index)
        return index
    }

    /// The sessionStorage key of the page's (session, window) batch counter, `SESSION|WINDOW|sequence`,
    /// made once per (session, window) of the tab rather than for every batch or page.
    func sequenceKey(_ page: PageState) -> String {
        if let cached = page.tab.sequenceKey, cached.sessionId == page.sessionId, cached.windowId == page.windowId { return cached.key }
        var key = ""
        key.reserveCapacity(page.sessionId.utf8.count + page.windowId.utf8.count + 10)
        key += page.sessionId
        key += "|"
        key += page.windowId
        key += "|sequence"
        page.tab.sequenceKey = (page.sessionId, page.windowId, key)
        return key
    }

    /// The compact size of `batch`, which has no events yet (`"events":[]`), worked out once per page and identity:
    /// from one batch to the next only the sequence number changes, which adds its digits.
    func envelopeSize(_ batch: UploadBatch, _ page: PageState) -> Int {
        var digits = 1
        var rest = batch.sequence
        while rest >= 10 { rest /= 10; digits += 1 }
        if let known = page.envelopeSize, known.sessionId == batch.sessionId, known.windowId == batch.windowId, known.distinctId == batch.distinctId,
           known.userId == batch.userId, known.userAgent == batch.userAgent, batch.sequence >= 0 {
            return known.withoutSequence + digits
        }
        let size = Engine.byteSize(batch)
        if batch.sequence >= 0 {
            page.envelopeSize = (batch.sessionId, batch.windowId, batch.distinctId, batch.userId, batch.userAgent, size - digits)
        }
        return size
    }

    static func byteSize(_ batch: UploadBatch) -> Int {
        var writer = JSONWriter(reservingCapacity: 4096)
        batch.write(to: &writer)
        return writer.count
    }

    /// Attempts with the retry schedule of PostHog and LogRocket: retry on network errors (at most 3 tries), 3xx and 5xx
    /// (at most 10), never on 4xx; backoff 3000·2^n ms with ±50% jitter, capped at 30 minutes. Beacons are sent once.
    /// Sentry has its own rules (`sentryAttempts`).
    func attempts(startingAt time: Int64, upload index: Int, transport: String) -> ([UploadAttempt], ScheduledUpload.Outcome) {
        if scenario.sdk.kind == .sentry { return sentryAttempts(startingAt: time, upload: index, transport: transport) }
        var result: [UploadAttempt] = []
        var at = time
        var attempt = 0
        while true {
            let made = self.attempt(attempt, ofUpload: index, at: at, transport: transport)
            let status = made.status, latency = made.completedAt - at
            result.append(made)
            if (200...299).contains(status) { return (result, .acknowledged) }
            if (400...499).contains(status) { return (result, .rejected) }
            let limit = status == 0 ? 3 : 10
            attempt += 1
            if attempt >= limit || transport == "beacon" { return (result, .gaveUp) }
            let base = min(30.0 * 60_000, 3000 * Double(1 << min(attempt - 1, 20)))
            at = at + latency + Int64(base * network.double(in: 0.5...1.5))
            at = retryTimeWhileOffline(at)
        }
    }

    /// Attempt `number` of an upload, made at `time`: the scripted status for it (`collectorResponses`), else the
    /// outage's answer, else 200, after a latency drawn from the network stream.
    func attempt(_ number: Int, ofUpload index: Int, at time: Int64, transport: String) -> UploadAttempt {
        let script = options.collectorResponses[index] ?? []
        var status = number < script.count ? script[number] : 200
        var latency = Int64(network.int(in: 60...240))
        if number >= script.count, let outage = outage(at: time) {
            (status, latency) = outage.answer(latency: latency)
        }
        return UploadAttempt(at: time, status: status, completedAt: time + latency, transport: transport)
    }

    /// The page unloads at `time`: every upload not acknowledged by then is cut and kept in localStorage.
    func lose(_ page: PageState, at time: Int64) {
        for index in page.uploads {
            var upload = uploads[index]
            let settled = upload.attempts.last.map { $0.completedAt <= time } ?? false
            if settled { continue }
            upload.attempts = upload.attempts.filter { $0.at < time }
            if let last = upload.attempts.indices.last, upload.attempts[last].completedAt > time {
                upload.attempts[last].status = -1
                upload.attempts[last].completedAt = time
            }
            upload.outcome = .lostAtUnload
            uploads[index] = upload
            page.browser.leftovers.append((page.origin, index))
            visits[page.visitIndex].leftAtUnload.append(index)
        }
        let pending = page.browser.leftovers.filter { $0.origin == page.origin }.map { uploads[$0.upload].batch }
        page.browser.local[page.origin]["sh_pending"] = pending.isEmpty ? nil : pending.map { "\($0.sessionId)/\($0.windowId)/\($0.sequence)" }.joined(separator: ",")
    }

    /// On load, sends batches left in this origin's localStorage first, under their original session and sequence.
    func sendLeftovers(_ page: PageState) {
        let mine = page.browser.leftovers.filter { $0.origin == page.origin }
        guard !mine.isEmpty else { return }
        page.browser.leftovers.removeAll { $0.origin == page.origin }
        page.browser.local[page.origin]["sh_pending"] = nil
        for leftover in mine {
            let original = uploads[leftover.upload]
            let index = uploads.count
            var upload = ScheduledUpload(person: original.person, batch: original.batch, sendAt: clock, attempts: [], outcome: .acknowledged, isRecoveredLeftover: true, recoveredFrom: leftover.upload, recoveredBy: nil, byteSize: original.byteSize, collectorCookie: collectorCookie(page))
            (upload.attempts, upload.outcome) = attempts(startingAt: clock, upload: index, transport: "fetch")
            uploads.append(upload)
            stopReplayIfDropped(page, upload: index)
            uploads[leftover.upload].recoveredBy = index
            page.uploads.append(index)
            visits[page.visitIndex].recovered.append(index)
        }
    }

    /// The collector's visitor cookie as the jar would send it from this page, creating it on first use.
    func collectorCookie(_ page: PageState) -> String? {
        if let cached = page.collectorCookie { return cached }
        page.collectorCookie = readCollectorCookie(page)
        return page.collectorCookie
    }

    private func readCollectorCookie(_ page: PageState) -> String? {
        let partition: String?
        switch options.thirdPartyCookies {
        case .blocked: return nil
        case .partitioned: partition = page.registrableDomain
        case .unpartitioned: partition = nil
        }
        let host = options.collectorHost
        if let value = page.browser.cookies.value("collector_uid", host: host, partition: partition) { return value }
        let value = ids.uuidV7(timestamp: clock)
        page.browser.cookies.set("collector_uid", value, host: host, domain: RegistrableDomains.shared.of(host), partition: partition)
        return value
    }
}
