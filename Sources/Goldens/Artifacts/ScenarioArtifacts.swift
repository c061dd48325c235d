import Replay
import SessionModel

/// The golden artifacts of one scenario run: one `timeline.json` for all its sessions and one HTML file per page.
///
/// Session, window and device ids are replaced by `<session#1>`-style
/// placeholders in order of first appearance, so goldens do not depend on the
/// ids a seed or an endpoint produced. Page files are `dom.<page>.html`, with
/// `session-N.` and `window-N.` in front when a scenario has several.
public enum ScenarioArtifacts {
    public static func make(_ sessions: [StoredSession], deviceIds: [String] = []) -> [ReplayArtifacts.Artifact] {
        var normaliser = IdentityNormaliser()
        for session in sessions {
            normaliser.learn(from: ["sessionId": .string(session.sessionId)])
            for window in session.windows { normaliser.learn(from: ["windowId": .string(window.windowId)]) }
        }
        for device in deviceIds { normaliser.learn(from: ["deviceId": .string(device)]) }

        var timelines: [JSONValue] = []
        var pages: [ReplayArtifacts.Artifact] = []
        for (sessionOffset, session) in sessions.enumerated() {
            let replays = session.windows.map { (window: $0, replay: ReplaySession(events: $0.events)) }
            let timeline = Timeline(windows: replays.map { (name: normaliser.placeholder(for: $0.window.windowId) ?? $0.window.windowId, session: $0.replay) })
            timelines.append([
                "session": .string(normaliser.placeholder(for: session.sessionId) ?? session.sessionId),
                "timeline": timeline.jsonValue,
            ])
            let sessionPrefix = sessions.count > 1 ? "session-\(sessionOffset + 1)." : ""
            for (windowOffset, entry) in replays.enumerated() {
                let windowPrefix = replays.count > 1 ? "window-\(windowOffset + 1)." : ""
                var slugs = PageSlugs()
                for page in ReplayArtifacts.pageDOMs(entry.replay, slugs: &slugs, normaliser: normaliser) {
                    pages.append(.init(name: "dom.\(sessionPrefix)\(windowPrefix)\(page.slug).html", bytes: Array(page.html.utf8)))
                }
            }
        }
        let timeline = ReplayArtifacts.Artifact(
            name: "timeline.json", bytes: JSONWriter.canonicalBytes(normaliser.normalise(["sessions": .array(timelines)]), style: .pretty))
        return [timeline] + pages
    }
}
