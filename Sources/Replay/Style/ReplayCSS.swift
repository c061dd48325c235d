import Foundation

/// rrweb-snapshot's `adaptCssForReplay`: the CSS text a replayer puts into a `<style>`, rewritten so a replay can show hover states.
///
/// rrweb (`packages/rrweb-snapshot/src/rebuild.ts`, with the PostCSS plugins of
/// `src/css.ts`) rewrites the text `_cssText` gives a `<style>` (whole, or each
/// `/* rr_split */` part) and the text of a legacy `isStyle` text node; its
/// tests are `packages/rrweb-snapshot/test/rebuild.test.ts` and `css.test.ts`:
///
/// * every style rule with a selector containing `:hover` gets, for each such
///   selector of its list, the selector again with each `:hover` made the class
///   `.\:hover` (`.a:hover, .b { … }` → `.a:hover, .b,\n.a.\:hover { … }`), which
///   the replayer sets on the element under the pointer;
/// * every at-rule's `min-device-width`, `max-device-height` and so on become
///   `min-width`, `max-height` (a replay shows a page in an iframe, not on a device).
///
/// Everything else keeps its bytes. Text a CSS parser cannot read (a block or
/// string left open, a `}` with no block) is kept whole, as rrweb keeps it when
/// PostCSS throws. Rules added through the CSSOM and constructed sheets are not
/// rewritten, as the replayer inserts them unchanged.
enum ReplayCSS {
    /// `css` as rrweb's replayer puts it into the DOM.
    static func adapt(_ css: String) -> String {
        // Almost no text needs it; the scan below is only for text that does.
        guard css.contains(":hover") || css.contains("-device-") else { return css }
        var rewriter = Rewriter(css)
        return rewriter.rewritten() ?? css
    }
}

/// One pass over CSS text, copying it and rewriting the preludes rrweb's plugins change.
private struct Rewriter {
    let bytes: [UInt8]
    private var output: [UInt8] = []
    /// Where the prelude of the statement being read starts.
    private var statementStart = 0

    init(_ css: String) {
        bytes = Array(css.utf8)
        output.reserveCapacity(bytes.count + 64)
    }

    /// The rewritten text, or nil when the text is not CSS a parser reads to the end.
    mutating func rewritten() -> String? {
        var depth = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\\"):
                index += 2
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard let end = stringEnd(from: index) else { return nil }
                index = end
                continue
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                guard let end = commentEnd(from: index) else { return nil }
                index = end
                continue
            case UInt8(ascii: "{"):
                endStatement(at: index, opensBlock: true)
                depth += 1
            case UInt8(ascii: "}"):
                guard depth > 0 else { return nil }
                depth -= 1
                flush(upTo: index + 1)
            case UInt8(ascii: ";"):
                endStatement(at: index, opensBlock: false)
            default:
                break
            }
            index += 1
        }
        guard depth == 0 else { return nil }
        flush(upTo: bytes.count)
        return String(decoding: output, as: UTF8.self)
    }

    /// Copies the input up to `end` unchanged and starts the next statement there.
    private mutating func flush(upTo end: Int) {
        output.append(contentsOf: bytes[statementStart..<min(end, bytes.count)])
        statementStart = end
    }

    /// The statement whose prelude ends at `index` (a `{` or `;`): rewrites it if a plugin would, then copies up to and including `index`.
    private mutating func endStatement(at index: Int, opensBlock: Bool) {
        let prelude = String(decoding: bytes[statementStart..<index], as: UTF8.self)
        let trimmed = prelude.trimmingWhitespace()
        if trimmed.hasPrefix("@") {
            output.append(contentsOf: Self.replacingDeviceQueries(in: prelude).utf8)
        } else if opensBlock, trimmed.contains(":hover") {
            // PostCSS keeps the white space around the selector (`raws.before`, `raws.between`) and writes `rule.selector`.
            let leading = prelude.prefix { $0.isCSSWhitespace }
            let trailing = prelude.reversed().prefix { $0.isCSSWhitespace }
            var selector = trimmed
            for part in Self.selectorList(trimmed) where part.contains(":hover") {
                selector += ",\n" + part.replacingOccurrences(of: ":hover", with: ".\\:hover")
            }
            output.append(contentsOf: (String(leading) + selector + String(trailing.reversed())).utf8)
        } else {
            output.append(contentsOf: prelude.utf8)
        }
        output.append(bytes[index])
        statementStart = index + 1
    }

    /// The selectors of a list, split as PostCSS's `list.comma` splits it: at commas outside strings and parentheses, each trimmed.
    static func selectorList(_ selector: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        var parentheses = 0
        for character in selector {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "(" {
                parentheses += 1
            } else if character == ")" {
                parentheses = max(0, parentheses - 1)
            } else if character == ",", parentheses == 0 {
                parts.append(current.trimmingWhitespace())
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current.trimmingWhitespace())
        return parts.filter { !$0.isEmpty }
    }

    /// rrweb's `mediaSelectorPlugin`: `(max|min)-device-(width|height)` → `$1-$2`.
    static func replacingDeviceQueries(in prelude: String) -> String {
        guard prelude.contains("-device-") else { return prelude }
        var result = prelude
        for bound in ["min", "max"] {
            for dimension in ["width", "height"] {
                result = result.replacingOccurrences(of: "\(bound)-device-\(dimension)", with: "\(bound)-\(dimension)")
            }
        }
        return result
    }

    /// The index just past the string that opens at `start`, or nil when it never closes.
    private func stringEnd(from start: Int) -> Int? {
        let quote = bytes[start]
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == quote { return index + 1 }
            index += 1
        }
        return nil
    }

    /// The index just past the comment that opens at `start`, or nil when it never closes.
    private func commentEnd(from start: Int) -> Int? {
        var index = start + 2
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") { return index + 2 }
            index += 1
        }
        return nil
    }
}

extension Character {
    /// CSS white space: space, tab, line feed, carriage return, form feed.
    fileprivate var isCSSWhitespace: Bool { self == " " || self == "\t" || self == "\n" || self == "\r" || self == "\r\n" || self == "\u{0C}" }
}
