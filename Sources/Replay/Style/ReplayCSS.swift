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
        var bytes: [UInt8] = []
        bytes.appendUTF8(of: css)
        // Almost no text needs it: one quick pass finds where the plugins could apply, and text without such a place is left as it is.
        var rewriter = Rewriter(bytes)
        guard rewriter.mayChange else { return css }
        return rewriter.rewritten() ?? css
    }
}

/// One pass over CSS text that finds the preludes rrweb's plugins change and rewrites only those, byte by byte.
private struct Rewriter {
    let bytes: [UInt8]
    /// Where `:hover` and `-device-` occur in the text (strings and comments included, as a search of a prelude's bytes finds them), in order.
    private let hovers: [Int]
    private let deviceQueries: [Int]
    /// The first of `hovers` and of `deviceQueries` that may still lie in a prelude to come.
    private var nextHover = 0
    private var nextDeviceQuery = 0
    /// The preludes to replace (byte ranges) and their new bytes, in order.
    private var edits: [(range: Range<Int>, bytes: [UInt8])] = []
    /// Where the prelude of the statement being read starts.
    private var statementStart = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var hovers: [Int] = []
        var deviceQueries: [Int] = []
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: ":") where Self.matches(":hover", in: bytes, at: index): hovers.append(index)
            case UInt8(ascii: "-") where Self.matches("-device-", in: bytes, at: index): deviceQueries.append(index)
            default: break
            }
        }
        self.hovers = hovers
        self.deviceQueries = deviceQueries
    }

    /// Whether a plugin could change anything: the text holds `:hover` or `-device-`.
    var mayChange: Bool { !hovers.isEmpty || !deviceQueries.isEmpty }

    /// The bytes that may end a prelude or hide one of those bytes (escapes, strings, comments).
    private static let structural: [Bool] = (0...255).map { byte in
        "\\\"'/{};".utf8.contains(UInt8(byte))
    }

    /// The rewritten text; nil when nothing changes or the text is not CSS a parser reads to the end.
    mutating func rewritten() -> String? {
        let structural = Self.structural
        var depth = 0
        var index = 0
        while index < bytes.count {
            guard structural[Int(bytes[index])] else {
                index += 1
                continue
            }
            switch bytes[index] {
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
                statementStart = index + 1
            case UInt8(ascii: ";"):
                endStatement(at: index, opensBlock: false)
            default:
                break
            }
            index += 1
        }
        guard depth == 0, !edits.isEmpty else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64 * edits.count)
        var copied = 0
        for edit in edits {
            output.append(contentsOf: bytes[copied..<edit.range.lowerBound])
            output.append(contentsOf: edit.bytes)
            copied = edit.range.upperBound
        }
        output.append(contentsOf: bytes[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    /// The statement whose prelude ends at `index` (a `{` or `;`): noted for rewriting if a plugin would change it.
    ///
    /// PostCSS keeps the white space around a selector or at-rule parameters
    /// (`raws.before`, `raws.between`), so only the trimmed prelude is replaced.
    private mutating func endStatement(at index: Int, opensBlock: Bool) {
        // Neither text contains a `{` or `;`, so one that starts in the prelude lies in it; white space trimmed off holds none.
        let hasHover = Self.advance(&nextHover, in: hovers, past: statementStart, findingBefore: index)
        let hasDeviceQuery = Self.advance(&nextDeviceQuery, in: deviceQueries, past: statementStart, findingBefore: index)
        guard hasHover || hasDeviceQuery else {
            statementStart = index + 1
            return
        }
        let prelude = Self.trimmed(bytes[statementStart..<index])
        statementStart = index + 1
        guard let first = prelude.first else { return }
        if first == UInt8(ascii: "@") {
            guard hasDeviceQuery else { return }
            edits.append((prelude.indices, Self.replacingDeviceQueries(in: prelude)))
        } else if opensBlock, hasHover {
            var selector = Array(prelude)
            for part in Self.selectorList(prelude) where Self.contains(part, ":hover") {
                selector.append(contentsOf: ",\n".utf8)
                selector.append(contentsOf: Self.replacing(":hover", with: ".\\:hover", in: part))
            }
            edits.append((prelude.indices, selector))
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// Moves `next` past the places in `places` before `start`; whether the first place left lies before `end`.
    private static func advance(_ next: inout Int, in places: [Int], past start: Int, findingBefore end: Int) -> Bool {
        while next < places.count, places[next] < start { next += 1 }
        return next < places.count && places[next] < end
    }

    /// Whether `text` occurs in `bytes` at `index`.
    private static func matches(_ text: StaticString, in bytes: [UInt8], at index: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
        return true
    }

    /// Whether `text` occurs in `bytes`.
    private static func contains<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ text: StaticString) -> Bool where Bytes.Index == Int {
        StaticBytes.firstIndex(of: text, in: bytes, from: bytes.startIndex) != nil
    }

    /// `bytes` with every `text` replaced by `replacement`.
    private static func replacing(_ text: StaticString, with replacement: StaticString, in bytes: ArraySlice<UInt8>) -> [UInt8] {
        StaticBytes.replacing(text, with: replacement, in: bytes) ?? Array(bytes)
    }

    /// The selectors of a list, split as PostCSS's `list.comma` splits it: at commas outside strings and parentheses, each trimmed.
    private static func selectorList(_ selector: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var partStart = selector.startIndex
        var quote: UInt8?
        var parentheses = 0
        var index = selector.startIndex
        while index < selector.endIndex {
            let byte = selector[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "(") {
                parentheses += 1
            } else if byte == UInt8(ascii: ")") {
                parentheses = max(0, parentheses - 1)
            } else if byte == UInt8(ascii: ","), parentheses == 0 {
                parts.append(trimmed(selector[partStart..<index]))
                partStart = index + 1
            }
            index += 1
        }
        parts.append(trimmed(selector[partStart..<selector.endIndex]))
        return parts.filter { !$0.isEmpty }
    }

    /// rrweb's `mediaSelectorPlugin`: `(max|min)-device-(width|height)` → `$1-$2`.
    private static func replacingDeviceQueries(in prelude: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(prelude.count)
        var index = prelude.startIndex
        while index < prelude.endIndex {
            let bound = prelude[max(prelude.startIndex, index - 3)..<index]
            if prelude[index] == UInt8(ascii: "-"), bound.elementsEqual("min".utf8) || bound.elementsEqual("max".utf8),
                prelude[index...].starts(with: "-device-width".utf8) || prelude[index...].starts(with: "-device-height".utf8)
            {
                // `min-device-width` becomes `min-width`: drop `device-`.
                result.append(UInt8(ascii: "-"))
                index += 8
                continue
            }
            result.append(prelude[index])
            index += 1
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
