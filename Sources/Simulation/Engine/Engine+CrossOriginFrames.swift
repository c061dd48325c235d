import ScenarioLanguage
import SessionModel

/// Cross-origin `<iframe src>` frames: recorded into the parent's recording only when the SDK records cross-origin iframes.
///
/// A page's recorder cannot read a frame of another origin (`contentDocument` is null), so
/// the parent's snapshot shows an empty `<iframe>` with `rr_src` either way. With
/// `cross-origin-iframes on` the SDK runs inside the frame too and posts its events to the
/// parent (rrweb `recordCrossOriginIframes`, `packages/rrweb/src/record/iframe-manager.ts`):
/// the frame's FullSnapshot becomes an `isAttachIframe` Mutation under the iframe, its Meta,
/// Load, DomContentLoaded and ViewportResize are dropped, and `CrossOriginIframeMirror` gives
/// every frame node an id from the parent's own counter (`genId`), in the order it meets
/// them, with `rootId` the frame document's new id. The simulator's mirror already numbers a
/// frame's nodes after the parent's from one counter, so the frame is recorded exactly as a
/// `srcdoc` frame is. Off, the frame is not attached and nothing that happens inside it is
/// recorded: no pointer position over it, no click, input, scroll or mutation of its nodes.
extension Engine {
    /// Whether the node is inside a cross-origin frame this SDK does not record.
    func isInUnrecordedFrame(_ id: Int, _ page: PageState) -> Bool {
        guard page.hasUnrecordedFrames, id > 0, id < page.dom.count else { return false }
        var document = page.dom[id].kind == .document ? id : page.dom[id].owner
        while document > 1 {
            let iframe = page.dom[document].parent
            if iframe <= 0 { return false }
            if page.dom[iframe].isCrossOriginFrame { return true }
            document = page.dom[iframe].owner
        }
        return false
    }

    /// Whether the page shows a cross-origin frame the SDK leaves unrecorded (decided once, at load).
    func hasUnrecordedFrames(_ page: PageState) -> Bool {
        !scenario.sdk.recordsCrossOriginIframes && page.dom.attachedFrames.contains { page.dom[$0].isCrossOriginFrame }
    }

    /// What of an event at `time` is recorded on a page that `filtersEvents`: nothing once its Sentry replay
    /// stopped, else the event without what concerns nodes of unrecorded frames (nil when nothing is left).
    func recordedPart(of data: EventData, _ page: PageState, at time: Int64) -> EventData? {
        if time >= page.replayStopsAt { return nil }
        return page.hasUnrecordedFrames ? withoutUnrecordedFrames(data, page) : data
    }

    /// The event as the parent's recorder sees it: what concerns nodes of unrecorded frames removed, nil when nothing is left.
    func withoutUnrecordedFrames(_ data: EventData, _ page: PageState) -> EventData? {
        let hidden = { (id: Int) in self.isInUnrecordedFrame(id, page) }
        guard case .incrementalSnapshot(let incremental) = data else { return data }
        switch incremental {
        case .mutation(var mutation):
            mutation.adds.removeAll { hidden($0.parentId) }
            mutation.removes.removeAll { hidden($0.parentId) || hidden($0.id) }
            mutation.texts.removeAll { hidden($0.id) }
            mutation.attributes.removeAll { hidden($0.id) }
            if mutation.adds.isEmpty, mutation.removes.isEmpty, mutation.texts.isEmpty, mutation.attributes.isEmpty { return nil }
            return .incrementalSnapshot(.mutation(mutation))
        case .mouseMove(var move):
            move.positions.removeAll { hidden($0.id) }
            return move.positions.isEmpty ? nil : .incrementalSnapshot(.mouseMove(move))
        case .mouseInteraction(let interaction): return hidden(interaction.id) ? nil : data
        case .scroll(let scroll): return hidden(scroll.id) ? nil : data
        case .input(let input): return hidden(input.id) ? nil : data
        case .mediaInteraction(let media): return hidden(media.id) ? nil : data
        case .selection(let selection): return selection.ranges.contains { hidden($0.start) || hidden($0.end) } ? nil : data
        default: return data
        }
    }
}
