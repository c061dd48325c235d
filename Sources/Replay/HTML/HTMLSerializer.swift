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

/// Prints a `DOMTree` as deterministic HTML: attributes sorted by name, form state from the current value.
struct HTMLSerializer {
    let tree: DOMTree
    let style: HTMLStyle
    private(set) var bytes: [UInt8] = []
    var output: String { String(decoding: bytes, as: UTF8.self) }

    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]

    init(tree: DOMTree, style: HTMLStyle) {
        self.tree = tree
        self.style = style
    }

    static func render(_ tree: DOMTree, document: NodeHandle, style: HTMLStyle) -> String {
        guard document >= 0 else { return "" }
        var serializer = HTMLSerializer(tree: tree, style: style)
        serializer.bytes.reserveCapacity(1 << 16)
        serializer.document(document, depth: 0)
        return serializer.output
    }

    // MARK: - Nodes

    private mutating func line(_ depth: Int, _ text: String) {
        if style == .canonical {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\n"))
        } else {
            bytes.append(contentsOf: text.utf8)
        }
    }

    mutating func document(_ handle: NodeHandle, depth: Int) {
        let node = tree[handle]
        if style == .canonical {
            var info = JSONObject()
            if let compatMode = node.compatMode { info["compatMode"] = .string(compatMode) }
            if let scroll = node.scroll, scroll.left != 0 || scroll.top != 0 {
                info["scroll"] = .array([.double(scroll.left), .double(scroll.top)])
            }
            if !info.isEmpty { line(depth, "<!--rr " + Self.commentJSON(.object(info)) + "-->") }
        }
        for child in node.children { self.node(child, depth: depth, selectValue: nil) }
    }

    mutating func node(_ handle: NodeHandle, depth: Int, selectValue: String?) {
        let node = tree[handle]
        switch node.type {
        case .documentType:
            var text = "<!DOCTYPE " + node.text
            if !node.publicId.isEmpty { text += " PUBLIC \"\(node.publicId)\"" }
            if !node.systemId.isEmpty { text += (node.publicId.isEmpty ? " SYSTEM" : "") + " \"\(node.systemId)\"" }
            line(depth, text + ">")
        case .text:
            if style == .canonical {
                line(depth, node.text.isEmpty ? "<!--rr empty text-->" : Self.escapeCanonicalText(node.text))
            } else {
                let parentTag = node.parent >= 0 ? tree[node.parent].tagName : ""
                bytes.append(contentsOf: (parentTag == "style" || parentTag == "script" ? node.text : Self.escapeText(node.text)).utf8)
            }
        case .cdata:
            line(depth, "<![CDATA[\(node.text)]]>")
        case .comment:
            line(depth, "<!--" + node.text.replacingOccurrences(of: "--", with: "- -") + "-->")
        case .element:
            element(handle, depth: depth, selectValue: selectValue)
        case .document:
            document(handle, depth: depth)
        default:
            break
        }
    }

    private mutating func element(_ handle: NodeHandle, depth: Int, selectValue: String?) {
        let node = tree[handle]
        let tag = node.tagName
        var attributes = node.attributes
        // Form state comes from the current value, as rrweb-snapshot serializes it.
        var textareaText: String?
        var childSelectValue = selectValue
        switch tag {
        case "input":
            let type = (node.attribute("type") ?? "").lowercased()
            if type == "checkbox" || type == "radio" {
                if let checked = node.currentChecked {
                    attributes.removeAll { $0.name == "checked" }
                    if checked { attributes.append(("checked", "")) }
                }
            } else if let value = node.currentValue {
                attributes.removeAll { $0.name == "value" }
                attributes.append(("value", value))
            }
        case "textarea":
            textareaText = node.currentValue ?? tree.textContent(handle)
        case "select":
            childSelectValue = node.currentValue
        case "option":
            if let selectValue {
                let optionValue = node.attribute("value") ?? tree.textContent(handle)
                attributes.removeAll { $0.name == "selected" }
                if optionValue == selectValue { attributes.append(("selected", "")) }
            }
        default:
            break
        }
        var extras = node.extras
        if let scroll = node.scroll, scroll.left != 0 || scroll.top != 0 {
            extras.append(("rr_scrollLeft", .double(scroll.left)))
            extras.append(("rr_scrollTop", .double(scroll.top)))
        }
        if style == .display, let width = extras.first(where: { $0.name == "rr_width" })?.value.stringValue,
            let height = extras.first(where: { $0.name == "rr_height" })?.value.stringValue
        {
            let existing = attributes.first { $0.name == "style" }?.value ?? ""
            attributes.removeAll { $0.name == "style" }
            attributes.append(("style", existing + (existing.isEmpty ? "" : " ") + "width: \(width); height: \(height);"))
        }
        if style == .display, tag == "iframe", node.contentDocument >= 0 {
            attributes.removeAll { $0.name == "srcdoc" }
            attributes.append(("srcdoc", HTMLSerializer.render(tree, document: node.contentDocument, style: .display)))
        }
        var start = "<" + tag
        for attribute in attributes.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            start += " " + attribute.name + "=\"" + Self.escapeAttribute(attribute.value) + "\""
        }
        start += ">"
        if style == .canonical, !extras.isEmpty {
            var object = JSONObject()
            for extra in extras { object[extra.name] = extra.value }
            start += "<!--rr " + Self.commentJSON(.object(object)) + "-->"
        }
        let end = "</" + tag + ">"

        if let textareaText {
            let text = style == .canonical ? (textareaText.isEmpty ? "" : Self.escapeCanonicalText(textareaText)) : Self.escapeText(textareaText)
            line(depth, start + text + end)
            return
        }
        let hasShadow = node.shadowRoot != nil
        let hasDocument = style == .canonical && node.contentDocument >= 0
        if node.children.isEmpty, !hasShadow, !hasDocument {
            line(depth, Self.voidElements.contains(tag) && !node.isSVG ? start : start + end)
            return
        }
        if style == .canonical, !hasShadow, !hasDocument, node.children.count == 1,
            tree[node.children[0]].type == .text, !tree[node.children[0]].text.isEmpty
        {
            line(depth, start + Self.escapeCanonicalText(tree[node.children[0]].text) + end)
            return
        }
        line(depth, start)
        if let shadowRoot = node.shadowRoot {
            line(depth + 1, "<template shadowrootmode=\"open\">")
            for child in shadowRoot { self.node(child, depth: depth + 2, selectValue: childSelectValue) }
            line(depth + 1, "</template>")
        }
        if hasDocument {
            line(depth + 1, "<!--#document-->")
            document(node.contentDocument, depth: depth + 2)
            line(depth + 1, "<!--/#document-->")
        }
        for child in node.children { self.node(child, depth: depth + 1, selectValue: childSelectValue) }
        line(depth, end)
    }

    // MARK: - Escaping

    static func escapeAttribute(_ text: String) -> String {
        escape(text) { byte, _, _ in
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
    }

    static func escapeText(_ text: String) -> String {
        escape(text) { byte, _, _ in
            switch byte {
            case UInt8(ascii: "&"): return "&amp;"
            case UInt8(ascii: "<"): return "&lt;"
            case UInt8(ascii: ">"): return "&gt;"
            default: return nil
            }
        }
    }

    /// Escapes text so that every character survives on one indented line: line breaks and tabs as
    /// character references, and a space at either end as `&#32;`.
    static func escapeCanonicalText(_ text: String) -> String {
        escape(text) { byte, isFirst, isLast in
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
    }

    /// Replaces ASCII bytes by the references `replacement` gives; text without any comes back as it is.
    @inline(__always)
    private static func escape(_ text: String, _ replacement: (UInt8, Bool, Bool) -> StaticString?) -> String {
        var text = text
        return text.withUTF8 { utf8 -> String in
            let count = utf8.count
            var firstChange = -1
            for index in 0..<count where replacement(utf8[index], index == 0, index == count - 1) != nil {
                firstChange = index
                break
            }
            if firstChange < 0 { return String(decoding: utf8, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(count + 16)
            out.append(contentsOf: utf8[0..<firstChange])
            for index in firstChange..<count {
                let byte = utf8[index]
                if let reference = replacement(byte, index == 0, index == count - 1) {
                    out.append(contentsOf: UnsafeBufferPointer(start: reference.utf8Start, count: reference.utf8CodeUnitCount))
                } else {
                    out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Canonical JSON that is safe inside an HTML comment (`--` written as `-\u002d`).
    static func commentJSON(_ value: JSONValue) -> String {
        JSONWriter.canonicalString(value).replacingOccurrences(of: "--", with: "-\\u002d")
    }
}
