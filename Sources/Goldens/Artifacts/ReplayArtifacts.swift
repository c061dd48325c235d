import Foundation
import Replay
import SessionModel

/// The golden artifacts of replayed sessions: one `timeline.json` and one `dom.<page>.html` per page's final DOM.
///
/// `run` and `replay --golden` write the same shape: `timeline.json` is
/// `{"sessions":[{"session","timeline"}]}`, one entry per session. Session,
/// window and device ids are replaced by `<session#1>`-style placeholders in
/// order of first appearance, so goldens do not depend on the ids a seed or an
/// endpoint produced. Page files are `dom.<page>.html`, with `session-N.` and
/// `window-N.` in front when there are several.
///
/// ```swift
/// for artifact in ReplayArtifacts.make(StoredSession.group(batches, order: sessionIds)) {
///     if let failure = store.check(scenario: "checkout", artifact: artifact.name, actual: artifact.bytes) { print(failure) }
/// }
/// ```
public enum ReplayArtifacts {
    /// One file to compare with `golden/<scenario>/<name>`.
    public struct Artifact: Sendable, Equatable {
        public var name: String
        public var bytes: [UInt8]

        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// The artifacts of a run's stored sessions, each split into its windows (tabs); windows are named in the timeline.
    public static func make(_ sessions: [StoredSession], deviceIds: [String] = []) -> [Artifact] {
        var normaliser = IdentityNormaliser()
        for session in sessions {
            normaliser.learn(from: ["sessionId": .string(session.sessionId)])
            for window in session.windows { normaliser.learn(from: ["windowId": .string(window.windowId)]) }
        }
        for device in deviceIds { normaliser.learn(from: ["deviceId": .string(device)]) }

        var timelines: [JSONValue] = []
        var pages: [Artifact] = []
        for (sessionOffset, session) in sessions.enumerated() {
            let replays = session.windows.map { (window: $0, replay: ReplaySession(events: $0.events)) }
            let timeline = Timeline(windows: replays.map { (name: normaliser.placeholder(for: $0.window.windowId) ?? $0.window.windowId, session: $0.replay) })
            timelines.append(["session": .string(normaliser.placeholder(for: session.sessionId) ?? session.sessionId), "timeline": timeline.jsonValue])
            let sessionPrefix = sessions.count > 1 ? "session-\(sessionOffset + 1)." : ""
            for (windowOffset, entry) in replays.enumerated() {
                let windowPrefix = replays.count > 1 ? "window-\(windowOffset + 1)." : ""
                var slugs = PageSlugs()
                for page in pageDOMs(entry.replay, slugs: &slugs, normaliser: normaliser) {
                    pages.append(Artifact(name: "dom.\(sessionPrefix)\(windowPrefix)\(page.slug).html", bytes: Array(page.html.utf8)))
                }
            }
        }
        return [timelineArtifact(timelines, normaliser: &normaliser)] + pages
    }

    /// The artifacts of one recording replayed alone: a run of one session, `<session#1>`, with one unnamed window.
    ///
    /// Ids the endpoint or SDK invented may sit on the events themselves
    /// (`sessionId`, `$window_id`) or in payloads; they are learned from there.
    public static func make(recording session: ReplaySession, normaliser: inout IdentityNormaliser) -> [Artifact] {
        for event in session.events {
            if !event.extra.isEmpty { normaliser.learn(from: .object(event.extra)) }
            switch event.data {
            case .custom(let custom): normaliser.learn(from: custom.payload)
            case .plugin(let plugin): if case .other(let payload) = plugin.payload { normaliser.learn(from: payload) }
            default: break
            }
        }
        let timeline = timelineArtifact([["session": "<session#1>", "timeline": Timeline(session: session).jsonValue]], normaliser: &normaliser)
        var slugs = PageSlugs()
        let pages = pageDOMs(session, slugs: &slugs, normaliser: normaliser).map { Artifact(name: "dom.\($0.slug).html", bytes: Array($0.html.utf8)) }
        return [timeline] + pages
    }

    private static func timelineArtifact(_ sessions: [JSONValue], normaliser: inout IdentityNormaliser) -> Artifact {
        Artifact(name: "timeline.json", bytes: JSONWriter.canonicalBytes(normaliser.normalise(["sessions": .array(sessions)]), style: .pretty))
    }

    /// The final DOM of each page of `session` as canonical HTML, named by a slug of its URL.
    ///
    /// A Meta with a new URL starts a page; a checkout of the same URL does not.
    /// A recording that starts with a FullSnapshot and no Meta (Sentry segments) still has a page.
    public static func pageDOMs(_ session: ReplaySession, slugs: inout PageSlugs, normaliser: IdentityNormaliser) -> [(slug: String, html: String)] {
        var pages: [(slug: String, html: String)] = []
        var player = session.play()
        var currentURL: String?
        func capture() {
            guard player.state.hasDocument else { return }
            let html = normaliser.normalise(text: player.state.html())
            let slug = currentURL.map { slugs.slug(for: $0) } ?? slugs.slug(for: "/page")
            pages.append((slug, html))
        }
        while let index = player.nextEventIndex {
            if case .meta(let meta) = session.events[index].data, meta.href != currentURL {
                capture()
                currentURL = meta.href
            }
            player.step()
        }
        capture()
        return pages
    }
}

/// Turns page URLs into file-name slugs: `/` → `index`, `/help/faq` → `help-faq`; repeats get `-2`, `-3`.
public struct PageSlugs: Sendable {
    private var used: [String: Int] = [:]

    public init() {}

    public mutating func slug(for url: String) -> String {
        var path = URLComponents(string: url)?.path ?? url
        if path.isEmpty || path == "/" { path = "index" }
        var slug = ""
        var lastWasDash = true
        for scalar in path.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII {
                slug.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if !lastWasDash {
                slug += "-"
                lastWasDash = true
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.isEmpty { slug = "page" }
        let count = (used[slug] ?? 0) + 1
        used[slug] = count
        return count == 1 ? slug : "\(slug)-\(count)"
    }
}

extension GoldenStore {
    /// Replays `session` and checks its timeline and page DOMs against `golden/<scenario>/`; empty means everything matched.
    ///
    /// This is the one call a scenario runner needs:
    /// `store.checkReplay(scenario: "checkout", session: ReplaySession(bytes: recording))`.
    public func checkReplay(scenario: String, session: ReplaySession, normaliser: IdentityNormaliser = IdentityNormaliser()) -> [GoldenFailure] {
        var normaliser = normaliser
        return ReplayArtifacts.make(recording: session, normaliser: &normaliser).compactMap { artifact in
            check(scenario: scenario, artifact: artifact.name, actual: artifact.bytes)
        }
    }
}
