import Foundation
import SessionModel

/// How a reconstructed DOM is printed.
public enum HTMLStyle: Sendable {
    /// The canonical golden form: one node per line, two-space indentation, whitespace in text made visible
    /// (`&#10;`, `&#32;` at the ends), `rr_*` properties in a `<!--rr {...}-->` comment after the start tag,
    /// shadow roots as `<template shadowrootmode="open">`, iframe documents between `<!--#document-->` markers.
    case canonical
    /// Exact markup with no added whitespace, for showing in a browser: iframe documents go into `srcdoc`,
    /// blocked placeholders get their recorded size as inline style.
    case display
}

/// Prints a reconstructed `DOMTree` as deterministic HTML: attributes sorted by name, form state from the current value.
///
/// It is not Markup's `HTMLSerializer`, which writes a parsed `HTMLDocument`
/// back as it was written (attributes in source order, no golden layout):
/// the two print different trees to different rules, and Replay does not
/// depend on Markup.
struct DOMTreeSerializer {
    let tree: DOMTree
    let style: HTMLStyle
    private(set) var bytes: [UInt8] = []
    /// What is left to write, last first: the tree is walked with this stack, not by recursion, so any depth prints.
    private var steps: [Step] = []

    /// The output as a string.
    ///
    /// It is converted in pieces of about a kilobyte, each ending just before
    /// an ASCII byte so that no character is cut: the standard library checks
    /// a pure-ASCII piece eight bytes at a time, but validates a whole page
    /// byte by byte when a single character anywhere in it is not ASCII.
    var output: String {
        var result = ""
        result.reserveCapacity(bytes.count)
        var start = 0
        while start < bytes.count {
            var end = min(start + 1024, bytes.count)
            while end < bytes.count, bytes[end] >= 0x80 { end += 1 }
            result += bytes.decodedUTF8(start..<end)
            start = end
        }
        return result
    }

    /// Indentation, copied in one piece (appending a repeated element goes byte by byte).
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 128)

    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]

    init(tree: DOMTree, style: HTMLStyle) {
        self.tree = tree
        self.style = style
    }

    static func render(_ tree: DOMTree, document: NodeHandle, style: HTMLStyle) -> String {
        guard document >= 0 else { return "" }
        var serializer = DOMTreeSerializer(tree: tree, style: style)
        serializer.bytes.reserveCapacity(1 << 16)
        serializer.document(document, depth: 0)
        return serializer.output
    }

    // MARK: - Nodes

    private mutating func line(_ depth: Int, _ text: String) {
        if style == .canonical {
            indent(depth)
            append(text)
            newline()
        } else {
            append(text)
        }
    }

    /// Writes the document `handle` and everything in it.
    mutating func document(_ handle: NodeHandle, depth: Int) {
        steps.append(.document(handle, depth: depth))
        drain()
    }

    /// Writes the node `handle` and everything below it.
    mutating func node(_ handle: NodeHandle, depth: Int, selectValue: String?) {
        steps.append(.node(handle, depth: depth, selectValue: selectValue))
        drain()
    }

    private mutating func drain() {
        while let step = steps.popLast() {
            switch step {
            case .node(let handle, let depth, let selectValue): writeNode(handle, depth: depth, selectValue: selectValue)
            case .document(let handle, let depth): writeDocument(handle, depth: depth)
            case .line(let depth, let text): line(depth, text)
            case .endTag(let tag, let depth):
                indent(depth)
                endTag(tag)
            case .displayAdoptedSheets(let handle): displayAdoptedSheets(handle)
            }
        }
    }

    /// Queues the nodes `handles`, in order, before anything queued earlier.
    private mutating func then(nodes handles: [NodeHandle], depth: Int, selectValue: String?) {
        for handle in handles.reversed() { steps.append(.node(handle, depth: depth, selectValue: selectValue)) }
    }

    private mutating func writeDocument(_ handle: NodeHandle, depth: Int) {
        let node = tree[handle]
        if style == .canonical {
            var info = JSONObject()
            if let compatMode = node.meta?.compatMode { info["compatMode"] = .string(compatMode) }
            if let scroll = node.scroll, scroll.left != 0 || scroll.top != 0 {
                info["scroll"] = .array([.double(scroll.left), .double(scroll.top)])
            }
            if let adopted = adoptedSheetsJSON(handle) { info["adoptedStyleSheets"] = adopted }
            if handle == tree.root { tree.page.write(into: &info) }
            if !info.isEmpty { line(depth, "<!--rr " + Self.commentJSON(.object(info)) + "-->") }
        }
        then(nodes: node.children, depth: depth, selectValue: nil)
    }

    private mutating func writeNode(_ handle: NodeHandle, depth: Int, selectValue: String?) {
        // Fields are read one by one: copying the whole node for each one printed is a large part of the work.
        let text = tree[handle].text
        switch tree[handle].type {
        case .documentType:
            let publicId = tree[handle].meta?.publicId ?? ""
            let systemId = tree[handle].meta?.systemId ?? ""
            var line = "<!DOCTYPE " + text
            if !publicId.isEmpty { line += " PUBLIC \"\(publicId)\"" }
            if !systemId.isEmpty { line += (publicId.isEmpty ? " SYSTEM" : "") + " \"\(systemId)\"" }
            self.line(depth, line + ">")
        case .text:
            if style == .canonical {
                if text.isEmpty {
                    line(depth, "<!--rr empty text-->")
                } else {
                    indent(depth)
                    Self.appendEscaped(text, to: &bytes, Self.canonicalTextReference)
                    newline()
                }
            } else {
                let parent = tree[handle].parent
                let parentTag = parent >= 0 ? tree[parent].tagName : ""
                if parentTag == "style" || parentTag == "script" {
                    append(text)
                } else {
                    Self.appendEscaped(text, to: &bytes, Self.textReference)
                }
            }
        case .cdata:
            line(depth, "<![CDATA[\(text)]]>")
        case .comment:
            line(depth, "<!--" + text.replacingEvery("--", with: "- -") + "-->")
        case .element:
            element(handle, depth: depth, selectValue: selectValue)
        case .document:
            writeDocument(handle, depth: depth)
        default:
            break
        }
    }

    private mutating func element(_ handle: NodeHandle, depth: Int, selectValue: String?) {
        // Fields are read one by one rather than copying the node (see `node(_:depth:selectValue:)`).
        let tag = tree[handle].tagName
        var attributes = tree[handle].attributes
        // Form state comes from the current value, as rrweb-snapshot serializes it.
        var textareaText: String?
        var childSelectValue = selectValue
        switch tag {
        case "input":
            let type = (tree[handle].attribute("type") ?? "").lowercased()
            if type == "checkbox" || type == "radio" {
                if let checked = tree[handle].currentChecked {
                    attributes.removeAll { $0.name == "checked" }
                    if checked { attributes.append(("checked", "")) }
                }
            } else if let value = tree[handle].currentValue {
                attributes.removeAll { $0.name == "value" }
                attributes.append(("value", value))
            }
        case "textarea":
            textareaText = tree[handle].currentValue ?? tree.textContent(handle)
        case "select":
            childSelectValue = tree[handle].currentValue
        case "option":
            if let selectValue {
                let optionValue = tree[handle].attribute("value") ?? tree.textContent(handle)
                attributes.removeAll { $0.name == "selected" }
                if optionValue == selectValue { attributes.append(("selected", "")) }
            }
        default:
            break
        }
        var extras = tree.extras(of: handle)
        if let scroll = tree[handle].scroll, scroll.left != 0 || scroll.top != 0 {
            extras.append(("rr_scrollLeft", .double(scroll.left)))
            extras.append(("rr_scrollTop", .double(scroll.top)))
        }
        let contentDocument = tree[handle].contentDocument
        if style == .display, let width = extras.first(where: { $0.name == "rr_width" })?.value.stringValue,
            let height = extras.first(where: { $0.name == "rr_height" })?.value.stringValue
        {
            let existing = attributes.first { $0.name == "style" }?.value ?? ""
            attributes.removeAll { $0.name == "style" }
            attributes.append(("style", existing + (existing.isEmpty ? "" : " ") + "width: \(width); height: \(height);"))
        }
        if style == .display, tag == "iframe", contentDocument >= 0 {
            attributes.removeAll { $0.name == "srcdoc" }
            attributes.append(("srcdoc", DOMTreeSerializer.render(tree, document: contentDocument, style: .display)))
        }
        // The start tag is written straight into the output: every form below begins with it.
        indent(depth)
        appendLiteral("<")
        append(tag)
        appendSortedAttributes(attributes)
        appendLiteral(">")
        if style == .canonical, !extras.isEmpty {
            var object = JSONObject()
            for extra in extras { object[extra.name] = extra.value }
            appendLiteral("<!--rr ")
            append(Self.commentJSON(.object(object)))
            appendLiteral("-->")
        }

        if let textareaText {
            if style == .canonical {
                if !textareaText.isEmpty { Self.appendEscaped(textareaText, to: &bytes, Self.canonicalTextReference) }
            } else {
                Self.appendEscaped(textareaText, to: &bytes, Self.textReference)
            }
            endTag(tag)
            return
        }
        let children = tree[handle].children
        let shadowRoot = tree[handle].shadowRoot
        let hasDocument = style == .canonical && contentDocument >= 0
        let changedSheet = tag == "style" ? tree.styles.elementSheets[handle] : nil
        if let changedSheet {
            styleElementContent(changedSheet, children: children, depth: depth)
            return
        }
        if children.isEmpty, shadowRoot == nil, !hasDocument {
            if Self.voidElements.contains(tag) && !tree[handle].isSVG { newline() } else { endTag(tag) }
            return
        }
        if style == .canonical, shadowRoot == nil, !hasDocument, children.count == 1,
            tree[children[0]].type == .text, !tree[children[0]].text.isEmpty
        {
            Self.appendEscaped(tree[children[0]].text, to: &bytes, Self.canonicalTextReference)
            endTag(tag)
            return
        }
        newline()
        // The rest is queued, last first: end tag, children, content document, shadow root.
        steps.append(.endTag(tag, depth: depth))
        then(nodes: children, depth: depth + 1, selectValue: childSelectValue)
        if hasDocument {
            steps.append(.line(depth + 1, "<!--/#document-->"))
            steps.append(.document(contentDocument, depth: depth + 2))
            steps.append(.line(depth + 1, "<!--#document-->"))
        }
        if let shadowRoot {
            steps.append(.line(depth + 1, "</template>"))
            then(nodes: shadowRoot, depth: depth + 2, selectValue: childSelectValue)
            if style == .canonical, let adopted = adoptedSheetsJSON(handle) {
                steps.append(.line(depth + 2, "<!--rr " + Self.commentJSON(.object(JSONObject([("adoptedStyleSheets", adopted)]))) + "-->"))
            } else if style == .display {
                steps.append(.displayAdoptedSheets(handle))
            }
            steps.append(.line(depth + 1, "<template shadowrootmode=\"open\">"))
        }
    }

    // MARK: - Style sheets

    /// The inside and end of a `<style>` whose sheet the CSSOM changed, after its start tag.
    ///
    /// Canonical: the element's text children as the DOM holds them, then the
    /// sheet's current rules as `<!--rr {"cssRules":[...]}-->`. Display: the
    /// current rules as the element's text, so a browser shows what the
    /// replayer shows.
    private mutating func styleElementContent(_ sheet: StyleSheet, children: [NodeHandle], depth: Int) {
        if style == .display {
            append(Self.styleText(sheet.cssTexts))
            endTag("style")
            return
        }
        newline()
        // Queued last first: end tag, the rules, the children.
        steps.append(.endTag("style", depth: depth))
        steps.append(.line(depth + 1, "<!--rr " + Self.commentJSON(.object(JSONObject([("cssRules", .array(sheet.cssTexts.map(JSONValue.string)))]))) + "-->"))
        then(nodes: children, depth: depth + 1, selectValue: nil)
    }

    /// `[{"cssRules":[...],"styleId":n}, ...]` for the sheets a document or shadow host adopts, or nil when it adopts none.
    private func adoptedSheetsJSON(_ handle: NodeHandle) -> JSONValue? {
        let sheets = tree.styles.adoptedSheets(of: handle)
        guard tree.styles.adopted[handle] != nil else { return nil }
        return .array(sheets.map { entry in
            .object(JSONObject([("cssRules", .array(entry.sheet.cssTexts.map(JSONValue.string))), ("styleId", .integer(Int64(entry.styleId)))]))
        })
    }

    /// Rules as the text of a `<style>` element, one a line, with `</style` escaped so it cannot end the element.
    private static func styleText(_ rules: [String]) -> String {
        rules.joined(separator: "\n").replacingEvery("</style", with: "<\\/style")
    }

    /// For the display form: a shadow root's adopted sheets as one `<style>` element (a document's are not shown).
    private mutating func displayAdoptedSheets(_ handle: NodeHandle) {
        let sheets = tree.styles.adoptedSheets(of: handle)
        guard !sheets.isEmpty else { return }
        appendLiteral("<style>")
        append(Self.styleText(sheets.flatMap(\.sheet.cssTexts)))
        appendLiteral("</style>")
    }

    /// Writes ` name="value"` for each attribute, in order of name (byte order, so the same on every platform).
    ///
    /// The order is found by an insertion sort of indices on the stack: a
    /// handful of attributes is the rule, and sorting a copy of the list
    /// would allocate for every element.
    private mutating func appendSortedAttributes(_ attributes: [(name: String, value: String)]) {
        forEachIndexSorted(count: attributes.count, by: { attributes[$0].name.utf8.lexicographicallyPrecedes(attributes[$1].name.utf8) }) { index in
            appendAttribute(attributes[index])
        }
    }

    private mutating func appendAttribute(_ attribute: (name: String, value: String)) {
        appendLiteral(" ")
        append(attribute.name)
        appendLiteral("=\"")
        Self.appendEscaped(attribute.value, to: &bytes, Self.attributeReference)
        appendLiteral("\"")
    }

    /// Appends the UTF-8 of `text`, copied in one piece.
    private mutating func append(_ text: String) {
        bytes.appendUTF8(of: text)
    }

    /// Appends markup written in the source, straight from its static bytes (a `String` would be made and measured first).
    private mutating func appendLiteral(_ markup: StaticString) {
        bytes.appendBytes(of: markup)
    }

    private mutating func indent(_ depth: Int) {
        guard style == .canonical else { return }
        var remaining = 2 * depth
        while remaining > 0 {
            let count = min(remaining, Self.spaces.count)
            bytes.append(first: count, of: Self.spaces)
            remaining -= count
        }
    }

    private mutating func newline() {
        if style == .canonical { bytes.append(UInt8(ascii: "\n")) }
    }

    /// Writes `</tag>` and ends the line.
    private mutating func endTag(_ tag: String) {
        appendLiteral("</")
        append(tag)
        appendLiteral(">")
        newline()
    }

    // MARK: - Escaping

    static func escapeAttribute(_ text: String) -> String {
        escape(text, attributeReference)
    }

    static func escapeText(_ text: String) -> String {
        escape(text, textReference)
    }

    @inline(__always)
    private static func attributeReference(_ byte: UInt8, _ isFirst: Bool, _ isLast: Bool) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "\""): return "&quot;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        case UInt8(ascii: "\n"): return "&#10;"
        case UInt8(ascii: "\r"): return "&#13;"
        case UInt8(ascii: "\t"): return "&#9;"
        default: return nil
        }
    }

    @inline(__always)
    private static func textReference(_ byte: UInt8, _ isFirst: Bool, _ isLast: Bool) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        default: return nil
        }
    }

    /// References for text on one indented line: line breaks and tabs as character references, and a space at either end as `&#32;`.
    @inline(__always)
    private static func canonicalTextReference(_ byte: UInt8, _ isFirst: Bool, _ isLast: Bool) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        case UInt8(ascii: "\n"): return "&#10;"
        case UInt8(ascii: "\r"): return "&#13;"
        case UInt8(ascii: "\t"): return "&#9;"
        case UInt8(ascii: " ") where isFirst || isLast: return "&#32;"
        default: return nil
        }
    }

    /// `text` with ASCII bytes replaced by the references `replacement` gives.
    private static func escape(_ text: String, _ replacement: (UInt8, Bool, Bool) -> StaticString?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        appendEscaped(text, to: &out, replacement)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` to `out` with ASCII bytes replaced by the references `replacement` gives.
    @inline(__always)
    private static func appendEscaped(_ text: String, to out: inout [UInt8], _ replacement: (UInt8, Bool, Bool) -> StaticString?) {
        out.appendUTF8(of: text, replacing: replacement)
    }

    /// Canonical JSON that is safe inside an HTML comment (`--` written as `-\u002d`).
    static func commentJSON(_ value: JSONValue) -> String {
        JSONWriter.canonicalString(value).replacingEvery("--", with: "-\\u002d")
    }
}

/// One piece of work left to `DOMTreeSerializer`.
private enum Step {
    case node(NodeHandle, depth: Int, selectValue: String?)
    case document(NodeHandle, depth: Int)
    case line(Int, String)
    /// Indentation and the end tag of an element whose content is written.
    case endTag(String, depth: Int)
    case displayAdoptedSheets(NodeHandle)
}
