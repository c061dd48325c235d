import Foundation
import SessionModel

/// The serialized form a node was built from (rrweb's mirror "meta").
///
/// Kept for two rules: an add whose id is already mapped to a node with an
/// equal meta reuses that node, and a `_cssText` attribute mutation rebuilds
/// the element from its meta.
struct NodeMeta {
    var type: NodeType
    var tagName: String = ""
    var attributes: JSONObject = JSONObject()
    var isSVG = false
    var text: String?
    var name: String?
    var publicId: String?
    var systemId: String?
    var compatMode: String?
    var hadChildren = false

    /// Keeps the fields that `isEqual(to:)` compares for the node's type (and, for elements, what a rebuild needs).
    init(_ node: SerializedNode) {
        type = node.type
        switch node.type {
        case .document:
            compatMode = node.compatMode
        case .documentType:
            name = node.name
            publicId = node.publicId
            systemId = node.systemId
        case .text, .comment, .cdata:
            text = node.textContent
        case .element:
            tagName = node.tagName ?? ""
            attributes = node.attributes ?? JSONObject()
            isSVG = node.isSVG ?? false
            hadChildren = !(node.childNodes ?? []).isEmpty
        default:
            break
        }
    }

    /// rrweb's `isNodeMetaEqual`: same type and same identifying fields (attributes in the same order).
    func isEqual(to node: SerializedNode) -> Bool {
        guard type == node.type else { return false }
        switch type {
        case .document: return compatMode == node.compatMode
        case .documentType: return name == node.name && publicId == node.publicId && systemId == node.systemId
        case .text, .comment, .cdata: return text == node.textContent
        case .element:
            guard tagName == (node.tagName ?? ""), isSVG == (node.isSVG ?? false) else { return false }
            let other = node.attributes ?? JSONObject()
            guard other.count == attributes.count else { return false }
            for (mine, theirs) in zip(attributes.members, other.members) where mine.key != theirs.key || mine.value != theirs.value {
                return false
            }
            return true
        default: return false
        }
    }
}

extension DOMTree {
    /// Builds `serialized` (and, unless `skipChildren`, its subtree) the way rrweb-snapshot's `buildNodeWithSN` does.
    ///
    /// Every built `<iframe>` is appended to `iframes`, so queued content
    /// documents can be attached afterwards.
    func build(_ serialized: SerializedNode, skipChildren: Bool, reuse: Bool, iframes: inout [NodeHandle]) -> NodeHandle {
        if reuse, let existing = lookup(serialized.id), let meta = self[existing].meta, meta.isEqual(to: serialized) {
            return existing
        }
        var node = DOMNode(type: serialized.type, id: serialized.id)
        var cssText: String?
        var textareaValue: String?
        switch serialized.type {
        case .document:
            node.compatMode = serialized.compatMode
        case .documentType:
            node.text = serialized.name ?? ""
            node.publicId = serialized.publicId ?? ""
            node.systemId = serialized.systemId ?? ""
        case .element:
            var tagName = serialized.tagName ?? "div"
            let attributes = serialized.attributes ?? JSONObject()
            if tagName == "link", case .string? = attributes["_cssText"] { tagName = "style" }
            node.tagName = tagName
            node.isSVG = serialized.isSVG ?? false
            node.attributes.reserveCapacity(attributes.count)
            for (name, value) in attributes.members {
                var text: String
                switch value {
                case .null: continue
                case .bool(let flag):
                    if tagName == "option", name == "selected", !flag { continue }
                    text = flag ? "" : "false"
                case .string(let string): text = string
                case .integer, .double:
                    text = JSONWriter.canonicalString(value)
                case .array, .object:
                    text = JSONWriter.canonicalString(value)
                }
                if name.hasPrefix("rr_") {
                    node.setExtra(name, value)
                    continue
                }
                if case .string = value {} else if name == "_cssText" { continue }
                if name == "_cssText" {
                    if tagName == "style" { cssText = text }
                    continue
                }
                if tagName == "textarea", name == "value" {
                    textareaValue = text
                    continue
                }
                // Member names of a JSON object are unique, so there is nothing to replace.
                node.attributes.append((name, text))
            }
            if serialized.isShadowHost == true { node.shadowRoot = [] }
            applyScrollExtras(&node)
        case .text, .comment:
            node.text = serialized.textContent ?? ""
        case .cdata:
            node.text = ""
        default:
            node.text = serialized.textContent ?? ""
        }
        node.meta = NodeMeta(serialized)
        let isIframe = serialized.type == .element && node.tagName == "iframe"
        let handle = create(node)
        map(serialized.id, to: handle)
        if isIframe { iframes.append(handle) }

        var children = serialized.childNodes ?? []
        if let textareaValue {
            // The value wins over any recorded child text (legacy data has both).
            let text = create(DOMNode(textWithoutId: textareaValue))
            insert(text, into: handle, shadow: false, before: nil)
            children = []
        }
        if let cssText {
            if children.isEmpty {
                let text = create(DOMNode(textWithoutId: cssText))
                insert(text, into: handle, shadow: false, before: nil)
            } else {
                Self.applyCSSSplits(cssText, to: &children)
            }
        }
        if skipChildren { return handle }
        for child in children {
            let childHandle = build(child, skipChildren: false, reuse: reuse, iframes: &iframes)
            insert(childHandle, into: handle, shadow: child.isShadow == true && serialized.type == .element, before: nil)
        }
        return handle
    }

    /// rrweb's `applyCssSplits`: the successive text children get the parts of `_cssText` between `/* rr_split */` markers.
    static func applyCSSSplits(_ cssText: String, to children: inout [SerializedNode]) {
        let textIndices = children.indices.filter { children[$0].type == .text }
        var parts = cssText.components(separatedBy: "/* rr_split */")
        while parts.count > 1, parts.count > textIndices.count {
            let last = parts.removeLast()
            parts[parts.count - 1] += last
        }
        for (position, index) in textIndices.enumerated() where position < parts.count && !parts[position].isEmpty {
            children[index].textContent = parts[position]
        }
    }

    /// Moves `rr_scrollLeft`/`rr_scrollTop` from the extras into the node's scroll position.
    private func applyScrollExtras(_ node: inout DOMNode) {
        var left: Double?
        var top: Double?
        for extra in node.extras {
            if extra.name == "rr_scrollLeft" { left = extra.value.doubleValue }
            if extra.name == "rr_scrollTop" { top = extra.value.doubleValue }
        }
        if left != nil || top != nil {
            node.scroll = (left ?? 0, top ?? 0)
            node.removeExtra("rr_scrollLeft")
            node.removeExtra("rr_scrollTop")
        }
    }
}

extension DOMNode {
    /// A text node the replayer creates itself; it has no rrweb id.
    init(textWithoutId text: String) {
        self.init(type: .text, id: -1)
        self.text = text
    }
}
