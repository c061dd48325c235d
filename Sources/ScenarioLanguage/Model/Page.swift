import Markup

/// A page the scenario can visit: its URL and its HTML source.
public struct Page: Sendable, Equatable {
    /// The absolute URL (`https://shop.example/cart`).
    public var url: String
    /// The HTML source, normalised: common indentation removed, blank lines at either end
    /// dropped, lines holding only spaces made empty, no trailing newline.
    public var html: String
    /// When the recorder's script ran before the document finished loading, the load event it waits
    /// for to snapshot (rrweb's `recordAfter`); it then records DomContentLoaded and Load. Nil: it started after load.
    public var recordAfter: RecordAfter?

    /// The load events rrweb's `recordAfter` option can wait for.
    public enum RecordAfter: String, Sendable, Equatable, CaseIterable {
        /// Snapshot at `DOMContentLoaded`; the Load event follows the snapshot.
        case domContentLoaded = "dom-content-loaded"
        /// Snapshot at `load`, after both events (rrweb's default).
        case load
    }

    /// Creates a page, normalising `html` so that indentation differences do not matter.
    public init(_ url: String, html: String, recordAfter: RecordAfter? = nil) {
        self.url = url
        self.html = Page.normalize(html)
        self.recordAfter = recordAfter
    }

    /// Removes common indentation, surrounding blank lines and white-space-only lines' spaces.
    public static func normalize(_ html: String) -> String {
        if let first = html.utf8.first, let last = html.utf8.last, first != 0x20, first != 0x09, first != 0x0A, first != 0x0D,
           last != 0x20, last != 0x09, last != 0x0A, last != 0x0D, !html.utf8.contains(0x0A) {
            return html
        }
        var lines = html.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            return trimmed.allSatisfy { $0 == " " || $0 == "\t" } ? "" : trimmed
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        let indents = lines.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " || $0 == "\t" } }
        var common = indents.first.map(String.init) ?? ""
        for indent in indents.dropFirst() {
            while !indent.hasPrefix(common) { common.removeLast() }
        }
        return lines.map { $0.isEmpty ? "" : String($0.dropFirst(common.count)) }.joined(separator: "\n")
    }

    /// The page's HTML parsed into a document.
    public var document: HTMLDocument { HTMLParser.parse(html) }
}
