import ScenarioLanguage
import SessionModel

/// The DomContentLoaded and Load events rrweb records when its script runs before the document has loaded.
///
/// rrweb's `record()` (`packages/rrweb/src/record/index.ts`) listens for
/// `DOMContentLoaded` and `load` when the document is still loading, emits
/// `{type: 0, data: {}}` and `{type: 1, data: {}}` as they fire, and takes its
/// Meta + FullSnapshot at the one `recordAfter` names (default `load`).
extension Engine {
    /// Emits DomContentLoaded, and Load unless the snapshot waits only for DOMContentLoaded; with `upTo` nil, the Load that follows it.
    func emitLoadEvents(_ page: PageState, upTo event: Page.RecordAfter?) {
        if let event {
            emit(page, .domContentLoaded(JSONObject()))
            guard event == .load else { return }
        }
        advance(by: Int64(behaviour.int(in: 80...400)))
        emit(page, .load(JSONObject()))
    }
}
