import ScenarioLanguage
import SessionModel

/// Client-side routing (`history.pushState`, `replaceState`, `popstate`) and window resizes, as each SDK records them.
///
/// No new FullSnapshot is taken: the document stays. What the recording gets per
/// SDK family, each only when the URL actually changed:
/// - **PostHog**: a Custom `$pageview` event with `{href}`. posthog-js's history
///   autocapture (`src/extensions/history-autocapture.ts`) captures `$pageview` when
///   path, query or hash changed, and the recorder (`src/extensions/replay/sessionrecording.ts`)
///   adds `_tryAddCustomEvent('$pageview', { href })` for it.
/// - **Sentry**: a Custom `performanceSpan` with `op: "navigation.push"`, `description`
///   the new URL and `data.previous` the old one, times in seconds
///   (`packages/replay-internal/src/coreHandlers/handleHistory.ts`), for pushState,
///   replaceState and popstate alike.
/// - **LogRocket-like**: a Meta event with the new `href` and the viewport (closed
///   source; this follows rrweb's own Meta, the one record of a URL rrweb has).
extension Engine {
    /// The URL the current document shows: its last history entry, or the URL it loaded.
    func currentHref(_ page: PageState) -> String {
        page.historyEntries.last ?? page.url
    }

    func changeHistory(_ action: StepAction) throws(SimulationError) {
        let page = try requirePage()
        let previous = currentHref(page)
        if page.historyEntries.isEmpty { page.historyEntries = [page.url] }
        switch action {
        case .pushState(let url):
            scriptPause()
            page.historyEntries.append(URLResolver.absolute(url, base: previous))
        case .replaceState(let url):
            scriptPause()
            page.historyEntries[page.historyEntries.count - 1] = URLResolver.absolute(url, base: previous)
        default:
            guard page.historyEntries.count >= 2 else { throw fail("pop-state needs a push-state entry to go back to") }
            humanPause(400)
            activity(page)
            page.historyEntries.removeLast()
        }
        let href = currentHref(page)
        // The person is on this page at this address now: where `return after` brings them back.
        page.browser.lastURL = page.url
        page.browser.lastAddress = href
        guard href != previous else { return }
        switch scenario.sdk.kind {
        case .posthog:
            emit(page, .custom(CustomPayload.other(tag: "$pageview", payload: .object(["href": .string(href)])).customEvent))
        case .sentry:
            let seconds = JSONValue.double(Double(clock) / 1000)
            let span: JSONObject = ["op": .string("navigation.push"), "description": .string(href), "startTimestamp": seconds, "endTimestamp": seconds, "data": .object(["previous": .string(previous)])]
            emit(page, .custom(CustomPayload.other(tag: "performanceSpan", payload: .object(span)).customEvent))
        case .logrocket:
            let viewport = page.browser.person.viewport
            emit(page, .meta(Meta(href: href, width: Double(viewport.width), height: Double(viewport.height))))
        }
    }

    /// Resizes the window (or turns the device), laying the page out again and recording a ViewportResize.
    func resizeViewport(to viewport: Viewport?) throws(SimulationError) {
        let page = try requirePage()
        humanPause(600)
        let old = page.browser.person.viewport
        let new = viewport ?? Viewport(width: old.height, height: old.width)
        guard new != old else { return }
        page.browser.person.viewport = new
        page.dom.resize(to: new)
        emit(page, .incrementalSnapshot(.viewportResize(ViewportResize(width: Double(new.width), height: Double(new.height)))))
    }
}
