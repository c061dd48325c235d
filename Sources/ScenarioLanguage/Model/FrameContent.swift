import Markup

/// The content of `<iframe src>` frames whose URL is a declared page: another site's page shown inside this one.
///
/// A browser loads the frame's URL; a scenario says what that URL serves by declaring it
/// with `page`. Resolving fills each such iframe's `contentDocument` with that page's
/// document (its own frames resolved too, at most `depthLimit` deep, never a page inside
/// itself), so selectors enter the frame as they enter a `srcdoc` frame
/// (`"#card-frame #number"`) and the simulator lays it out and records it by the SDK's rules.
/// `src` is resolved against the page: absolute, `//host/...` and `/path` references; a
/// frame whose URL is not a declared page stays empty, as one whose content is unknown.
///
/// ```swift
/// let document = FrameContent.document(for: "https://shop.example/pay", in: scenario.pages)
/// ```
public enum FrameContent {
    /// How many frames deep `src` frames are followed.
    public static let depthLimit = 4

    /// The declared page's document with the content of its `src` frames filled in (nil when `url` is not declared).
    public static func document(for url: String, in pages: [Page]) -> HTMLDocument? {
        guard let page = pages.first(where: { $0.url == url }) else { return nil }
        var document = page.document
        guard mayHaveFrames(page, among: pages) else { return document }
        document.children = resolve(document.children, base: url, pages: pages, open: [url])
        return document
    }

    /// The declared pages shown in `url`'s frames, in document order (depth first), each once: what its content depends on.
    public static func framedPages(of url: String, in pages: [Page]) -> [Page] {
        guard let page = pages.first(where: { $0.url == url }), mayHaveFrames(page, among: pages), let document = document(for: url, in: pages) else { return [] }
        var found: [Page] = []
        collect(document.children, base: url, pages: pages, into: &found)
        return found
    }

    /// The absolute URL an iframe's `src` names, for the references a frame can make; nil for relative paths and other schemes.
    public static func absoluteURL(_ src: String, base: String) -> String? {
        let reference = String(src.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        if reference.hasPrefix("https://") || reference.hasPrefix("http://") { return reference }
        guard let schemeEnd = base.firstRange(of: "://") else { return nil }
        if reference.hasPrefix("//") { return String(base[..<schemeEnd.lowerBound]) + ":" + reference }
        if reference.hasPrefix("/") {
            let authorityEnd = base[schemeEnd.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? base.endIndex
            return String(base[..<authorityEnd]) + reference
        }
        return nil
    }

    /// Whether the page may show a declared page in a frame: its HTML has `<iframe` (in any case) and the
    /// path of another declared page (every `src` form ends with it). The common case, neither, needs no parsing.
    private static func mayHaveFrames(_ page: Page, among pages: [Page]) -> Bool {
        guard contains(page.html, "<iframe", foldingCase: true) else { return false }
        return pages.contains { $0.url != page.url && contains(page.html, path(of: $0.url), foldingCase: false) }
    }

    /// `/card` for `https://pay.widget.example/card?step=1`: the path without query or fragment, `/` when there is none.
    private static func path(of url: String) -> String {
        guard let authority = url.firstRange(of: "://") else { return url }
        let rest = url[authority.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let end = rest[slash...].firstIndex { $0 == "?" || $0 == "#" } ?? rest.endIndex
        return String(rest[slash..<end])
    }

    /// Whether `text` holds `needle`, in one pass over the bytes (Foundation's `String.contains`, which this
    /// module sees, cost the simulator a fifth of its instructions when run at every page load).
    ///
    /// `foldingCase` lower-cases ASCII letters of `text`; `needle` must then be lower-case, and a byte that
    /// only looks like it after folding costs nothing worse than a parse.
    private static func contains(_ text: String, _ needle: String, foldingCase: Bool) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return true }
        let bytes = Array(text.utf8)
        guard bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) {
            var offset = 0
            while offset < pattern.count, (foldingCase ? bytes[start + offset] | 0x20 : bytes[start + offset]) == pattern[offset] { offset += 1 }
            if offset == pattern.count { return true }
        }
        return false
    }

    private static func resolve(_ nodes: [HTMLNode], base: String, pages: [Page], open: [String]) -> [HTMLNode] {
        nodes.map { node in
            guard case .element(var element) = node else { return node }
            element.children = resolve(element.children, base: base, pages: pages, open: open)
            if var root = element.shadowRoot {
                root.children = resolve(root.children, base: base, pages: pages, open: open)
                element.shadowRoot = root
            }
            if element.tagName == "iframe" {
                if var inner = element.contentDocument {
                    inner.children = resolve(inner.children, base: base, pages: pages, open: open)
                    element.contentDocument = inner
                } else if let src = element.attribute("src"), let url = absoluteURL(src, base: base),
                          open.count <= depthLimit, !open.contains(url), let page = pages.first(where: { $0.url == url }) {
                    var inner = page.document
                    inner.children = resolve(inner.children, base: url, pages: pages, open: open + [url])
                    element.contentDocument = inner
                }
            }
            return .element(element)
        }
    }

    private static func collect(_ nodes: [HTMLNode], base: String, pages: [Page], into found: inout [Page]) {
        for case .element(let element) in nodes {
            if element.tagName == "iframe", element.attribute("srcdoc") == nil, let src = element.attribute("src"),
               let url = absoluteURL(src, base: base), element.contentDocument != nil, let page = pages.first(where: { $0.url == url }) {
                if !found.contains(page) { found.append(page) }
                collect(element.contentDocument!.children, base: url, pages: pages, into: &found)
            } else if let inner = element.contentDocument {
                collect(inner.children, base: base, pages: pages, into: &found)
            }
            collect(element.children, base: base, pages: pages, into: &found)
            if let root = element.shadowRoot { collect(root.children, base: base, pages: pages, into: &found) }
        }
    }
}
