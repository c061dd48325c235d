import SessionModel

/// One self-contained HTML page for a person: the reconstructed page at chosen moments beside the timeline.
///
/// Each moment is the DOM right after one event, shown in a sandboxed
/// `<iframe srcdoc>` (no scripts run) scaled to fit; timeline entries link
/// to the moment that follows them. A Content-Security-Policy, which the
/// frames inherit, stops the recorded page from loading anything from the
/// network: the page shows only what the recording holds.
///
/// ```swift
/// let html = ReplayPage.render(session, title: "checkout.json")
/// try html.write(toFile: "replay.html", atomically: true, encoding: .utf8)
/// ```
public enum ReplayPage {
    /// A point to show: the DOM after the first `position` events in replay order.
    public struct Moment: Sendable, Equatable {
        public var position: Int
        public var label: String
        /// Where to mark a click, in page pixels.
        public var pointer: (x: Double, y: Double)?

        public init(position: Int, label: String, pointer: (x: Double, y: Double)? = nil) {
            self.position = position
            self.label = label
            self.pointer = pointer
        }

        public static func == (lhs: Moment, rhs: Moment) -> Bool {
            lhs.position == rhs.position && lhs.label == rhs.label && lhs.pointer?.x == rhs.pointer?.x && lhs.pointer?.y == rhs.pointer?.y
        }
    }

    /// Renders the page; without `moments`, picks up to `maximumMoments` after clicks, inputs, errors and page loads, plus the end.
    public static func render(_ session: ReplaySession, title: String, moments: [Moment]? = nil, maximumMoments: Int = 8) -> String {
        let timeline = Timeline(session: session)
        var positionOfEvent = [Int](repeating: 0, count: session.events.count)
        for (position, index) in session.order.enumerated() { positionOfEvent[index] = position }
        let chosen = (moments ?? automaticMoments(session, timeline, positionOfEvent, maximumMoments))
            .sorted { $0.position < $1.position }

        // One pass of playing captures every moment.
        var captures: [(moment: Moment, html: String, viewport: (Double, Double), url: String)] = []
        var player = session.play()
        for moment in chosen {
            while player.position < moment.position, !player.isAtEnd { player.step() }
            let viewport = player.state.viewport ?? (1280, 800)
            captures.append((moment, player.state.html(style: .display), viewport, player.state.href ?? ""))
        }

        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">
            <title>Replay: \(escape(title))</title>
            <style>
            body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; background: #f4f5f7; }
            header { padding: 12px 20px; background: #1d2330; color: #fff; }
            header h1 { margin: 0; font-size: 18px; }
            header p { margin: 2px 0 0; color: #b9c0cc; font-size: 13px; }
            main { display: grid; grid-template-columns: minmax(280px, 380px) 1fr; gap: 16px; padding: 16px; align-items: start; }
            .timeline { background: #fff; border-radius: 8px; padding: 8px 0; box-shadow: 0 1px 3px rgba(0,0,0,.12); position: sticky; top: 16px; max-height: calc(100vh - 32px); overflow: auto; }
            .timeline h2, .moments h2 { font-size: 15px; margin: 4px 14px 8px; }
            .entry { display: grid; grid-template-columns: 64px 78px 1fr; gap: 6px; padding: 4px 14px; border-top: 1px solid #eef0f3; text-decoration: none; color: inherit; }
            .entry:hover { background: #f0f4ff; }
            .time { color: #6b7385; font-variant-numeric: tabular-nums; text-align: right; }
            .kind { font-size: 11px; font-weight: 600; text-transform: uppercase; border-radius: 4px; padding: 1px 6px; align-self: start; text-align: center; background: #e6e8ee; }
            .kind.click { background: #dbeafe; color: #1e40af; } .kind.input { background: #dcfce7; color: #166534; }
            .kind.error { background: #fee2e2; color: #991b1b; } .kind.console { background: #fef9c3; color: #854d0e; }
            .kind.network { background: #ede9fe; color: #5b21b6; } .kind.page { background: #1d2330; color: #fff; }
            .kind.idle { background: #f1f5f9; color: #64748b; }
            .detail { overflow-wrap: anywhere; }
            .detail code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
            .detail small { color: #6b7385; }
            .findings { margin: 8px 14px; padding: 8px; background: #fff7ed; border: 1px solid #fed7aa; border-radius: 6px; font-size: 13px; }
            .moments { display: flex; flex-direction: column; gap: 16px; }
            .moment { background: #fff; border-radius: 8px; padding: 10px 14px 14px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
            .moment h3 { margin: 0 0 2px; font-size: 14px; }
            .moment p { margin: 0 0 8px; color: #6b7385; font-size: 12px; overflow-wrap: anywhere; }
            .frame { overflow: hidden; border: 1px solid #d5d9e0; border-radius: 4px; background: #fff; position: relative; }
            .pointer { position: absolute; width: 14px; height: 14px; border: 2px solid #dc2626; border-radius: 50%; background: rgba(220,38,38,.25); pointer-events: none; }
            .frame iframe { border: 0; transform-origin: 0 0; background: #fff; }
            </style>
            </head>
            <body>
            <header><h1>\(escape(title))</h1><p>\(session.events.count) events · \(formatTime(session.duration)) · \(quantity(timeline.entries(.page).count, "page")) · \(quantity(timeline.findings.count, "finding"))</p></header>
            <main>
            <section class="timeline"><h2>Timeline</h2>

            """
        if !timeline.findings.isEmpty {
            out += "<div class=\"findings\"><strong>Findings</strong><br>"
            out += timeline.findings.prefix(20).map { escape($0.description) }.joined(separator: "<br>")
            out += "</div>\n"
        }
        for entry in timeline.entries {
            let position = positionOfEvent[entry.eventIndex] + 1
            let target = captures.firstIndex { $0.moment.position >= position } ?? max(captures.count - 1, 0)
            out += "<a class=\"entry\" href=\"#moment-\(target + 1)\"><span class=\"time\">\(formatTime(entry.time))</span>"
            out += "<span class=\"kind \(entry.kind.rawValue)\">\(entry.kind.rawValue)</span>"
            out += "<span class=\"detail\">\(describe(entry))</span></a>\n"
        }
        out += "</section>\n<section class=\"moments\"><h2>The page at \(quantity(captures.count, "moment"))</h2>\n"
        for (number, capture) in captures.enumerated() {
            let (width, height) = capture.viewport
            let scale = min(1, 860 / max(width, 1))
            out += "<article class=\"moment\" id=\"moment-\(number + 1)\"><h3>\(number + 1). \(escape(capture.moment.label))</h3>"
            out += "<p>\(escape(capture.url)) · \(Int(width))×\(Int(height))</p>"
            out += "<div class=\"frame\" style=\"width: \(Int(width * scale))px; height: \(Int(height * scale))px\">"
            out += "<iframe sandbox title=\"\(escape(capture.moment.label))\" width=\"\(Int(width))\" height=\"\(Int(height))\" style=\"transform: scale(\(format(scale)))\" srcdoc=\"\(escapeAttribute(capture.html))\"></iframe>"
            if let pointer = capture.moment.pointer {
                out += "<span class=\"pointer\" title=\"click at \(format(pointer.x)), \(format(pointer.y))\" style=\"left: \(Int(pointer.x * scale) - 9)px; top: \(Int(pointer.y * scale) - 9)px\"></span>"
            }
            out += "</div></article>\n"
        }
        out += "</section>\n</main>\n</body>\n</html>\n"
        return out
    }

    static func automaticMoments(_ session: ReplaySession, _ timeline: Timeline, _ positionOfEvent: [Int], _ maximum: Int) -> [Moment] {
        guard !session.events.isEmpty else { return [] }
        let interesting = timeline.entries.filter { [.page, .click, .input, .error].contains($0.kind) }
        var picked: [TimelineEntry] = []
        if interesting.count <= maximum - 1 {
            picked = interesting
        } else if maximum > 1 {
            let step = Double(interesting.count - 1) / Double(maximum - 2)
            picked = (0..<(maximum - 1)).map { interesting[min(interesting.count - 1, Int((Double($0) * step).rounded()))] }
        }
        var moments: [Moment] = []
        var seen = Set<Int>()
        for entry in picked {
            var position = positionOfEvent[entry.eventIndex] + 1
            if entry.kind == .page {
                // Show the page once the FullSnapshot after its Meta has been applied.
                var look = position
                while look < min(session.order.count, position + 5) {
                    if session.events[session.order[look]].type == .fullSnapshot {
                        position = look + 1
                        break
                    }
                    look += 1
                }
            }
            guard seen.insert(position).inserted else { continue }
            var pointer: (x: Double, y: Double)?
            if entry.kind == .click, let x = entry["x"]?.doubleValue, let y = entry["y"]?.doubleValue { pointer = (x, y) }
            moments.append(Moment(position: position, label: "after \(entry.kind.rawValue) at \(formatTime(entry.time)): \(plain(entry))", pointer: pointer))
        }
        // Quiet recordings (few clicks or inputs) also get moments spread over time.
        if moments.count < maximum - 1, session.duration > 0 {
            for quarter in 1...3 where moments.count < maximum - 1 {
                let offset = session.duration * Int64(quarter) / 4
                let position = session.endPosition(for: offset)
                if position > 0, seen.insert(position).inserted {
                    moments.append(Moment(position: position, label: "at \(formatTime(offset))"))
                }
            }
        }
        let end = session.order.count
        if seen.insert(end).inserted { moments.append(Moment(position: end, label: "end of the recording (\(formatTime(session.duration)))")) }
        return moments
    }

    /// A moment for `--at`: the DOM after every event before `t0 + offset`.
    public static func moment(_ session: ReplaySession, at offset: Int64) -> Moment {
        Moment(position: session.endPosition(for: offset), label: "at \(formatTime(offset))")
    }

    // MARK: - Text

    /// One line describing a timeline entry, for terminals and the page.
    public static func plain(_ entry: TimelineEntry) -> String {
        func string(_ name: String) -> String { entry[name]?.stringValue ?? entry[name].map(JSONWriter.canonicalString) ?? "" }
        switch entry.kind {
        case .page: return string("url") + " · " + viewport(entry["viewport"])
        case .click: return string("target") + (string("text").isEmpty ? "" : " “\(string("text"))”")
        case .input: return "\(string("target")) = “\(string("value"))”\(entry["masked"] == .bool(true) ? " (masked)" : "")"
        case .error: return "\(string("type")): \(string("message"))"
        case .console: return "[\(string("level"))] \(string("message"))"
        case .network: return "\(string("method")) \(string("url")) → \(string("status"))\(entry["failed"] == .bool(true) ? " (failed)" : "")"
        case .redux: return string("action")
        case .identify: return string("userId")
        case .custom: return string("tag") + " " + string("payload")
        case .idle: return "\(formatTime(entry["duration"]?.intValue.map(Int64.init) ?? 0)) without interaction"
        case .resize: return viewport(entry["viewport"])
        default: return JSONWriter.canonicalString(.object(entry.fields))
        }
    }

    private static func viewport(_ value: JSONValue?) -> String {
        guard let width = value?["width"], let height = value?["height"] else { return "" }
        return JSONWriter.canonicalString(width) + "×" + JSONWriter.canonicalString(height)
    }

    static func describe(_ entry: TimelineEntry) -> String {
        var text = escape(plain(entry))
        if entry.kind == .page, let title = entry["title"]?.stringValue { text += "<br><small>\(escape(title))</small>" }
        return text
    }

    /// `850 ms`, `12.3 s` or `2m 05s`.
    public static func formatTime(_ milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds < 120_000 {
            let tenths = (milliseconds + 50) / 100
            return "\(tenths / 10).\(tenths % 10) s"
        }
        let seconds = milliseconds / 1000
        let rest = seconds % 60
        return "\(seconds / 60)m \(rest < 10 ? "0" : "")\(rest)s"
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return String(rounded)
    }

    static func escape(_ text: String) -> String { DOMTreeSerializer.escapeText(text) }
    static func escapeAttribute(_ text: String) -> String { DOMTreeSerializer.escapeAttribute(text) }
}
