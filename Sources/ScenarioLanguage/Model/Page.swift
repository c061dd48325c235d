import Markup

/// A page the scenario can visit: its URL and its HTML source.
public struct Page: Sendable, Equatable {
    /// The absolute URL (`https://shop.example/cart`).
    public var url: String
    /// The HTML source, normalised: common indentation removed, blank lines at either end
    /// dropped, lines holding only spaces made empty, no trailing newline.
    public var html: String

    /// Creates a page, normalising `html` so that indentation differences do not matter.
    public init(_ url: String, html: String) {
        self.url = url
        self.html = Page.normalize(html)
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
