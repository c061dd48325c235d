import SessionModel

/// Plays a session once and collects its timeline, reading the DOM at each click and input.
struct TimelineBuilder {
    let session: ReplaySession
    let options: TimelineOptions
    private var entries: [(entry: TimelineEntry, order: Int)] = []
    private var pendingTitlePage: Int?
    private var page = 0
    /// The controls typed into on the current page, in order of first input.
    private var inputs: [(id: Int, entry: TimelineEntry)] = []
    private var lastActivity: Int64?
    private var currentURL: String?

    init(session: ReplaySession, options: TimelineOptions) {
        self.session = session
        self.options = options
    }

    mutating func build() -> Timeline {
        var player = session.play()
        while let index = player.nextEventIndex {
            let event = session.events[index]
            let time = session.times[index] - session.startTime
            // Clicks describe their target as it was before the event.
            let number = session.eventNumbers[index]
            before(event, index: number, time: time, dom: player.state)
            player.step()
            after(event, index: number, time: time, dom: player.state)
        }
        flushInputs()
        player.state.finish()
        let sorted = entries.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element, rhs.element)
            if a.entry.time != b.entry.time { return a.entry.time < b.entry.time }
            if a.entry.eventIndex != b.entry.eventIndex { return a.entry.eventIndex < b.entry.eventIndex }
            return lhs.offset < rhs.offset
        }
        return Timeline(entries: sorted.map(\.element.entry), findings: session.decodeFindings + player.state.findings, duration: session.duration)
    }

    private mutating func add(_ kind: TimelineEntry.Kind, _ time: Int64, _ index: Int, _ fields: JSONObject) {
        entries.append((TimelineEntry(kind: kind, time: time, eventIndex: index, fields: fields), entries.count))
    }

    private mutating func before(_ event: Event, index: Int, time: Int64, dom: Reconstructor) {
        guard case .incrementalSnapshot(let data) = event.data else { return }
        noteActivity(data, time: time, index: index, timestamp: event.timestamp)
        switch data {
        case .mouseInteraction(let interaction):
            let button: String
            switch interaction.type {
            case .click: button = "left"
            case .doubleClick: button = "double"
            case .contextMenu: button = "right"
            default: return
            }
            var fields: JSONObject = ["button": .string(button)]
            if let handle = dom.tree.lookup(interaction.id) {
                fields["target"] = .string(Selector.describe(handle, in: dom.tree))
                fields["text"] = .string(Self.shorten(Self.collapse(dom.tree.visibleText(handle)), to: options.maximumTextLength))
            } else {
                fields["target"] = .string("unknown node \(interaction.id)")
                fields["text"] = ""
            }
            if let x = interaction.x, let y = interaction.y {
                fields["x"] = Self.number(x)
                fields["y"] = Self.number(y)
            }
            if let pointerType = interaction.pointerType { fields["pointer"] = .string(["mouse", "pen", "touch"].indices.contains(pointerType) ? ["mouse", "pen", "touch"][pointerType] : String(pointerType)) }
            add(.click, time, index, fields)
        default:
            break
        }
    }

    private mutating func after(_ event: Event, index: Int, time: Int64, dom: Reconstructor) {
        switch event.data {
        case .meta(let meta):
            // A checkout (Meta + FullSnapshot of the same URL) is the same page view.
            if meta.href == currentURL, pendingTitlePage == nil { return }
            currentURL = meta.href
            flushInputs()
            page += 1
            add(.page, time, index, ["url": .string(meta.href), "viewport": Self.viewport(meta.width, meta.height), "title": .null])
            pendingTitlePage = entries.count - 1
        case .fullSnapshot:
            if let pending = pendingTitlePage {
                let title = dom.document?.first("title").map { Self.collapse($0.textContent) }
                entries[pending].entry.fields["title"] = title.map(JSONValue.string) ?? .null
                pendingTitlePage = nil
            }
        case .incrementalSnapshot(.viewportResize(let resize)):
            add(.resize, time, index, ["viewport": Self.viewport(resize.width, resize.height)])
        case .incrementalSnapshot(.input(let input)):
            guard input.id != -1 else { return }
            var fields: JSONObject = ["value": .string(input.text), "masked": .bool(Self.isMasked(input.text))]
            if let handle = dom.tree.lookup(input.id) {
                fields["target"] = .string(Selector.describe(handle, in: dom.tree))
                let node = dom.tree[handle]
                let type = (node.attribute("type") ?? "").lowercased()
                if node.tagName == "input", type == "checkbox" || type == "radio" { fields["checked"] = .bool(input.isChecked) }
            } else {
                fields["target"] = .string("unknown node \(input.id)")
            }
            let entry = TimelineEntry(kind: .input, time: time, eventIndex: index, fields: fields)
            if let existing = inputs.firstIndex(where: { $0.id == input.id }) {
                inputs[existing].entry = entry
            } else {
                inputs.append((input.id, entry))
            }
        case .plugin(let plugin):
            switch plugin.payload {
            case .console(let log):
                add(.console, time, index, [
                    "level": .string(log.level),
                    "message": .string(log.payload.map(Self.unstringify).joined(separator: " ")),
                    "trace": .array(log.trace.map(JSONValue.string)),
                ])
            case .network(let capture):
                for request in capture.requests { add(.network, time, index, Self.network(request, initial: capture.isInitial == true)) }
            case .other:
                break
            }
        case .custom(let custom):
            customEntry(custom, time: time, index: index)
        default:
            break
        }
    }

    private mutating func customEntry(_ custom: CustomEvent, time: Int64, index: Int) {
        switch CustomPayload(custom) {
        case .scriptError(let error):
            add(.error, time, index, error.payload)
        case .unhandledRejection(let reason):
            let message = reason.map { $0.stringValue ?? JSONWriter.canonicalString($0) } ?? ""
            add(.error, time, index, ScriptError(type: "UnhandledRejection", message: message).payload)
        case .reduxAction(let action, let state):
            add(.redux, time, index, ["action": action["type"] ?? action, "payload": action, "state": state])
        case .identify(let userId, _):
            add(.identify, time, index, ["userId": userId])
        case .other(let tag, let payload):
            add(.custom, time, index, ["tag": .string(tag), "payload": payload])
        }
    }

    /// Emits the final value of every control typed into on the page that just ended.
    private mutating func flushInputs() {
        for input in inputs { entries.append((input.entry, entries.count)) }
        inputs = []
    }

    /// User interaction (pointer, scroll, input, selection, resize) marks the session as active; long pauses become idle entries.
    private mutating func noteActivity(_ data: IncrementalData, time: Int64, index: Int, timestamp: Int64?) {
        var activityTime = time
        switch data {
        case .mouseMove(let move):
            if let first = move.positions.first { activityTime = time + Int64(first.timeOffset) }
        case .mouseInteraction, .scroll, .input, .selection, .viewportResize:
            break
        default:
            return
        }
        guard timestamp != nil else { return }
        if let last = lastActivity, activityTime - last >= options.idleThreshold {
            add(.idle, last, index, ["from": .integer(last), "to": .integer(activityTime), "duration": .integer(activityTime - last)])
        }
        lastActivity = max(lastActivity ?? activityTime, activityTime)
    }

    // MARK: - Formatting

    static func viewport(_ width: Double, _ height: Double) -> JSONValue {
        ["width": number(width), "height": number(height)]
    }

    static func number(_ value: Double) -> JSONValue {
        if let exact = Int64(exactly: value) { return .integer(exact) }
        return .double(value)
    }

    /// A value the recorder masked: non-empty and only `*`.
    static func isMasked(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0 == "*" }
    }

    /// A console argument as a person reads it: JSON-stringified strings lose their quotes.
    static func unstringify(_ argument: String) -> String {
        if argument.hasPrefix("\""), let value = try? JSONReader.parse(argument), let text = value.stringValue { return text }
        return argument
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func shorten(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length)) + "…"
    }

    static func network(_ request: NetworkRequest, initial: Bool) -> JSONObject {
        let status = request.status ?? 0
        var fields: JSONObject = [
            "method": .string((request.method ?? "GET").uppercased()),
            "url": .string(request.name),
            "status": .integer(Int64(status)),
            "failed": .bool(status == 0 || request.extra["failed"]?.boolValue == true),
            "requestHeaders": .object(request.requestHeaders ?? JSONObject()),
            "responseHeaders": .object(request.responseHeaders ?? JSONObject()),
            "requestBodySize": .integer(Int64(bodySize(request.requestBody))),
            "responseBodySize": .integer(Int64(bodySize(request.responseBody))),
        ]
        if let duration = request.duration ?? zip(request.startTime, request.endTime).map({ $1 - $0 }) { fields["duration"] = number(duration) }
        if let initiator = request.initiatorType { fields["initiator"] = .string(initiator) }
        if initial || request.isInitial == true { fields["initial"] = .bool(true) }
        return fields
    }

    /// The size in bytes of a body: a string's UTF-8 length, otherwise its canonical JSON's.
    static func bodySize(_ body: JSONValue?) -> Int {
        switch body {
        case nil, .null?: return 0
        case .string(let text)?: return text.utf8.count
        case let value?: return JSONWriter.canonicalString(value).utf8.count
        }
    }
}

private func zip(_ a: Double?, _ b: Double?) -> (Double, Double)? {
    guard let a, let b else { return nil }
    return (a, b)
}
