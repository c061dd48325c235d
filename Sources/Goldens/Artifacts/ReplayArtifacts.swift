import Foundation
import Replay
import SessionModel

/// The golden artifacts of one replayed session: `timeline.json` and `dom.<page>.html` for each page's final DOM.
///
/// ```swift
/// var normaliser = IdentityNormaliser()
/// for artifact in ReplayArtifacts.make(session, normaliser: &normaliser) {
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

    /// The timeline and one canonical HTML file per page (a Meta with a new URL starts a page; a checkout of the same URL does not).
    public static func make(_ session: ReplaySession, normaliser: inout IdentityNormaliser) -> [Artifact] {
        // Ids the endpoint or SDK invented may sit on the events themselves (`sessionId`, `$window_id`) or in payloads.
        for event in session.events {
            if !event.extra.isEmpty { normaliser.learn(from: .object(event.extra)) }
            switch event.data {
            case .custom(let custom): normaliser.learn(from: custom.payload)
            case .plugin(let plugin): if case .other(let payload) = plugin.payload { normaliser.learn(from: payload) }
            default: break
            }
        }
        let timeline = Timeline(session: session)
        var artifacts = [Artifact(name: "timeline.json", bytes: JSONWriter.canonicalBytes(normaliser.normalise(timeline.jsonValue), style: .pretty))]
        var slugs = PageSlugs()
        for page in pageDOMs(session, slugs: &slugs, normaliser: normaliser) {
            artifacts.append(Artifact(name: "dom.\(page.slug).html", bytes: Array(page.html.utf8)))
        }
        return artifacts
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
    /// `store.checkReplay(scenario: "checkout", session: ReplaySession(bytes: stored))`.
    public func checkReplay(scenario: String, session: ReplaySession, normaliser: IdentityNormaliser = IdentityNormaliser()) -> [GoldenFailure] {
        var normaliser = normaliser
        return ReplayArtifacts.make(session, normaliser: &normaliser).compactMap { artifact in
            check(scenario: scenario, artifact: artifact.name, actual: artifact.bytes)
        }
    }
}
