import Foundation
import Markup
import ScenarioLanguage
import SessionModel

/// Freshly loaded pages, shared by every simulation in the process, so a page is parsed, laid out and snapshotted once.
///
/// A fresh page depends only on its HTML, URL and viewport, and its first snapshot
/// (with the masker state that produced it) only on that page and the masking
/// policy; node ids come from the document alone. So a page view can start from a
/// copy of a cached page and give the same bytes as one parsed afresh, whichever
/// simulation filled the cache and in whatever order.
///
/// ```swift
/// let dom = PageCache.shared.dom(html: html, url: url, viewport: viewport)
/// ```
final class PageCache {
    /// The cache every engine uses.
    static let shared = PageCache()

    /// At most this many (URL, viewport, HTML) pages are kept; past that the cache starts empty again.
    static let capacity = 128

    /// A fresh page's first snapshot and the masker state that produced it.
    ///
    /// A class, so that handing one out retains it once rather than each of the node's strings and arrays.
    final class Snapshot {
        /// Never changed: a page loaded from the cache starts from a copy of it (`Masker.copy()`).
        let masker: Masker
        /// The snapshot taken at the top of the page (initial offset 0, 0). A page's snapshot event is a copy
        /// of it, which shares its tree's holder: dropping the event then takes none of the tree apart (taking
        /// apart a tree whose levels another holder shares copied every level first).
        let atTop: FullSnapshot
        /// `atTop`, encoded.
        let encodedAtTop: [UInt8]
        /// The frame documents attached after the snapshot, serialized, by document id (those the SDK that
        /// stored the snapshot sent; another SDK may send fewer, or more, which it serializes itself).
        let frameDocuments: [Int: SerializedNode]

        init(masker: Masker, atTop: FullSnapshot, encodedAtTop: [UInt8], frameDocuments: [Int: SerializedNode]) {
            self.masker = masker
            self.atTop = atTop
            self.encodedAtTop = encodedAtTop
            self.frameDocuments = frameDocuments
        }
    }

    private struct Entry {
        let html: String
        let dom: VirtualDOM
        /// One per masking policy, the one its masker follows.
        var snapshots: [Snapshot] = []
    }

    // Shared across threads (see Internal/Unsafe/PageCache+Sendable.swift): every read and
    // write of `entries`, `count`, `framedSources` and `framedSourceCount` holds `lock`.
    private let lock = NSLock()
    private var entries: [Key: [Entry]] = [:]
    private var count = 0
    /// `framedSource(url:pages:)` by URL, for each set of declared pages it was worked out among.
    private var framedSources: [String: [(pages: [Page], source: String)]] = [:]
    private var framedSourceCount = 0

    /// Where a page is kept: its URL and the viewport it was laid out in.
    private struct Key: Hashable {
        let url: String
        let width: Int
        let height: Int
    }

    private static func key(url: String, viewport: Viewport) -> Key { Key(url: url, width: viewport.width, height: viewport.height) }

    /// The page as loaded, before any script or user changed it; parsed and laid out on first use.
    ///
    /// `parse` makes the document when `html` is a key standing for more than one page's HTML (a page and its frames' pages).
    func dom(html: String, url: String, viewport: Viewport, parse: (() -> HTMLDocument)? = nil) -> VirtualDOM {
        let key = Self.key(url: url, viewport: viewport)
        if let cached = lock.withLock({ kept(key, html).map { $0.pages[$0.index].dom } }) { return cached }
        let dom = VirtualDOM(document: parse?() ?? HTMLParser.parse(html), url: url, viewport: viewport)
        lock.withLock {
            guard kept(key, html) == nil else { return }
            if count >= Self.capacity {
                entries = [:]
                count = 0
            }
            entries[key, default: []].append(Entry(html: html, dom: dom))
            count += 1
        }
        return dom
    }

    /// The key a page whose frames show declared pages is cached under: its HTML, followed by the URL and HTML
    /// of every declared page its `<iframe src>` frames show (so the same HTML with other frame pages is another page).
    ///
    /// Worked out once per (URL, declared pages): finding the frame pages parses the page and its frames.
    func framedSource(url: String, pages: [Page]) -> String {
        // Comparing the pages of the same scenario is cheap: the arrays share their storage.
        if let known = lock.withLock({ framedSources[url]?.first { $0.pages == pages }?.source }) { return known }
        let frames = FrameContent.framedPages(of: url, in: pages)
        let html = pages.first { $0.url == url }?.html ?? ""
        let source = frames.reduce(html) { $0 + "\u{0}" + $1.url + "\u{0}" + $1.html }
        lock.withLock {
            if framedSourceCount >= Self.capacity {
                framedSources = [:]
                framedSourceCount = 0
            }
            framedSources[url, default: []].append((pages, source))
            framedSourceCount += 1
        }
        return source
    }

    /// The first snapshot of the fresh page under `policy`, if one was kept, with its event data at the top of the page encoded.
    func snapshot(html: String, url: String, viewport: Viewport, policy: MaskingPolicy) -> Snapshot? {
        let key = Self.key(url: url, viewport: viewport)
        return lock.withLock { kept(key, html).flatMap { $0.pages[$0.index].snapshots.first { $0.masker.policy == policy } } }
    }

    /// Keeps the first snapshot of the fresh page under the masker's policy, with the frame documents sent after it;
    /// the masker is copied.
    func storeSnapshot(_ fullSnapshot: FullSnapshot, frameDocuments: [Int: SerializedNode], masker: Masker, html: String, url: String, viewport: Viewport) {
        let key = Self.key(url: url, viewport: viewport)
        var atTop = fullSnapshot
        atTop.initialOffset = ScrollOffset(top: 0, left: 0)
        let snapshot = Snapshot(masker: masker.copy(), atTop: atTop, encodedAtTop: EventListEncoder.encode(.fullSnapshot(atTop)), frameDocuments: frameDocuments)
        lock.withLock {
            guard let index = kept(key, html)?.index,
                  entries[key]?[index].snapshots.contains(where: { $0.masker.policy == masker.policy }) == false else { return }
            entries[key]?[index].snapshots.append(snapshot)
        }
    }

    /// The pages kept under `key` and where among them the one with exactly these HTML bytes is; call holding `lock`.
    ///
    /// By position: finding the entry with `first` would copy it, and looking the list up again would hash the key twice.
    @inline(__always)
    private func kept(_ key: Key, _ html: String) -> (pages: [Entry], index: Int)? {
        guard let pages = entries[key], let index = pages.firstIndex(where: { $0.html.hasSameBytes(as: html) }) else { return nil }
        return (pages, index)
    }
}
