import SessionModel

/// MediaInteraction (7), CanvasMutation (9), Font (10), Selection (14) and CustomElement (16) events.
///
/// Each becomes state the canonical HTML writes, so goldens pin it:
/// media state as the `rr_media*` properties rrweb-snapshot records on
/// `<video>`/`<audio>` (`rr_mediaState` "played"/"paused",
/// `rr_mediaCurrentTime` as of the last interaction, `rr_mediaPlaybackRate`,
/// `rr_mediaVolume`, `rr_mediaMuted`, `rr_mediaLoop`); a canvas's drawing as
/// `rr_canvasMutations`, the count and a digest of every command applied
/// since the snapshot (the frame itself needs a browser to draw); the top
/// document's selection ranges, defined custom elements and loaded fonts in
/// its `<!--rr {...}-->` line. Rules from `packages/rrweb/src/replay/index.ts`
/// (`applyIncremental`) and `packages/rrweb/src/replay/media/index.ts`.
extension Reconstructor {
    func applyMediaInteraction(_ media: MediaInteraction, _ tree: inout DOMArena) {
        guard let target = tree.lookup(media.id) else {
            report(.unknownNode, "data.id: media interaction on unknown node \(media.id)")
            return
        }
        let tag = tree[target].tagName
        guard tree[target].type == .element, tag == "video" || tag == "audio" else {
            report(.malformedEvent, "data.id: media interaction on node \(media.id), a <\(tag)>, not a <video> or <audio>")
            return
        }
        switch media.type {
        case 0: tree[target].setExtra("rr_mediaState", .string("played"))
        case 1: tree[target].setExtra("rr_mediaState", .string("paused"))
        case 2, 3, 4: break  // seeked, volume change, rate change: the values below say what changed
        default:
            report(.unknownKind, "data.type: media interaction type \(media.type) is not one rrweb defines (0 play ... 4 rate change); skipped")
            return
        }
        if let currentTime = media.currentTime { tree[target].setExtra("rr_mediaCurrentTime", .double(currentTime)) }
        if let volume = media.volume { tree[target].setExtra("rr_mediaVolume", .double(volume)) }
        if let muted = media.muted { tree[target].setExtra("rr_mediaMuted", .bool(muted)) }
        if let loop = media.loop { tree[target].setExtra("rr_mediaLoop", .bool(loop)) }
        // rrweb's MediaManager keeps any event's rate (`playbackRate ?? lastState.playbackRate`).
        if let rate = media.playbackRate { tree[target].setExtra("rr_mediaPlaybackRate", .double(rate)) }
        let autoplay = tree[target].attribute("autoplay") != nil
        var clock = tree.media[target] ?? MediaClock(snapshot: JSONObject(), at: tree.clock)
        clock.interact(type: media.type, currentTime: media.currentTime, playbackRate: media.playbackRate, autoplay: autoplay, at: tree.clock)
        tree.media[target] = clock
    }

    func applyCanvasMutation(_ data: JSONObject, _ tree: inout DOMArena) {
        guard let id = data["id"]?.intValue else {
            report(.malformedEvent, "data.id: a canvas mutation needs a whole-number id")
            return
        }
        guard let target = tree.lookup(id) else {
            report(.unknownNode, "data.id: canvas mutation on unknown node \(id)")
            return
        }
        guard tree[target].type == .element, tree[target].tagName == "canvas" else {
            report(.malformedEvent, "data.id: canvas mutation on node \(id), a <\(tree[target].tagName)>, not a <canvas>")
            return
        }
        // One command ({property, args, setter?}) or a batch of them under `commands`.
        let commands: [JSONValue]
        if let batch = data["commands"] {
            guard let list = batch.arrayValue else {
                report(.malformedEvent, "data.commands: not an array")
                return
            }
            commands = list
        } else if data["property"]?.stringValue != nil {
            var command = data
            command.removeValue(forKey: "id")
            command.removeValue(forKey: "type")
            commands = [.object(command)]
        } else {
            report(.malformedEvent, "data: a canvas mutation needs a property or a commands array")
            return
        }
        var log = CanvasLog(tree[target].extras.first { $0.name == CanvasLog.propertyName }?.value)
        for command in commands { log.append(command) }
        tree[target].setExtra(CanvasLog.propertyName, log.json)
    }

    func applySelection(_ selection: Selection, _ tree: inout DOMArena) {
        for (position, range) in selection.ranges.enumerated() {
            for id in [range.start, range.end] where tree.lookup(id) == nil {
                report(.unknownNode, "data.ranges[\(position)]: selection ends in unknown node \(id); range skipped")
            }
        }
        tree.page.selection = selection.ranges.filter { tree.lookup($0.start) != nil && tree.lookup($0.end) != nil }
    }

    func applyCustomElement(_ data: JSONObject, _ tree: inout DOMArena) {
        // `define` is optional in rrweb's `customElementParam`: without it there is nothing to apply.
        guard let define = data["define"] else { return }
        guard let name = define["name"]?.stringValue else {
            report(.malformedEvent, "data.define.name: missing or not a string")
            return
        }
        if !tree.page.customElements.contains(name) { tree.page.customElements.append(name) }
    }

    func applyFont(_ data: JSONObject, _ tree: inout DOMArena) {
        guard let family = data["family"]?.stringValue else {
            report(.malformedEvent, "data.family: missing or not a string")
            return
        }
        if !tree.page.fonts.contains(family) { tree.page.fonts.append(family) }
    }
}

/// State of the top document that is not in its nodes: selection, custom elements, fonts.
struct PageState {
    /// The selected ranges from the last Selection event whose ends are known.
    var selection: [SelectionRange]?
    /// Names given to `customElements.define`, in order of definition.
    var customElements: [String] = []
    /// Font families added through the FontFace API, in order.
    var fonts: [String] = []

    /// The members the canonical HTML writes into the document's `<!--rr {...}-->` line.
    func write(into info: inout JSONObject) {
        if !customElements.isEmpty { info["customElements"] = .array(customElements.map(JSONValue.string)) }
        if !fonts.isEmpty { info["fonts"] = .array(fonts.map(JSONValue.string)) }
        if let selection {
            info["selection"] = .array(selection.map { range in
                .object(["start": .integer(Int64(range.start)), "startOffset": .integer(Int64(range.startOffset)), "end": .integer(Int64(range.end)), "endOffset": .integer(Int64(range.endOffset))])
            })
        }
    }
}

/// What a canvas has been told to draw since its snapshot: how many commands, and a digest of them all in order.
///
/// The digest is 64-bit FNV-1a over each command's canonical JSON, so two
/// replays agree on it exactly and any changed argument changes it.
struct CanvasLog {
    static let propertyName = "rr_canvasMutations"
    private(set) var count: Int64 = 0
    private(set) var digest: UInt64 = 0xcbf2_9ce4_8422_2325

    init(_ stored: JSONValue?) {
        guard let count = stored?["commands"]?.intValue, let digest = stored?["digest"]?.stringValue.flatMap({ UInt64($0, radix: 16) }) else { return }
        self.count = Int64(count)
        self.digest = digest
    }

    mutating func append(_ command: JSONValue) {
        for byte in JSONWriter.canonicalString(command).utf8 {
            digest = (digest ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        digest = (digest ^ 0x0A) &* 0x0000_0100_0000_01b3
        count += 1
    }

    var json: JSONValue {
        let hex = String(digest, radix: 16)
        return .object(["commands": .integer(count), "digest": .string(String(repeating: "0", count: 16 - hex.count) + hex)])
    }
}
