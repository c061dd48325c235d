import Foundation
import SessionModel

extension DOMArena {
    /// Builds `serialized` (and, unless `skipChildren`, its subtree) the way rrweb-snapshot's `buildNodeWithSN` does.
    ///
    /// Every built `<iframe>` is appended to `iframes`, so queued content
    /// documents can be attached afterwards. The subtree is built with an
    /// explicit stack of the child lists still being built, not by recursion,
    /// so a page of any depth builds on any thread.
    mutating func build(_ serialized: SerializedNode, skipChildren: Bool, reuse: Bool, iframes: inout [NodeHandle]) -> NodeHandle {
        if reuse, let existing = lookup(serialized.id), let meta = self[existing].meta, meta.isEqual(to: serialized) {
            return existing
        }
        let (handle, children) = buildOne(serialized, iframes: &iframes)
        guard !skipChildren, let children else { return handle }
        // The child list being built, and below it those whose building it interrupted.
        var current = (children: children, next: 0, parent: handle, isElement: serialized.type == .element)
        var interrupted: [(children: [SerializedNode], next: Int, parent: NodeHandle, isElement: Bool)] = []
        while true {
            guard current.next < current.children.count else {
                guard let resumed = interrupted.popLast() else { return handle }
                current = resumed
                continue
            }
            let index = current.next
            current.next = index + 1
            // The child is read in place: copying a `SerializedNode` retains every one of its fields.
            let (child, grandchildren, isShadow, isElement) = current.children.withUnsafeBufferPointer { buffer in
                let (child, grandchildren) = buildOne(buffer[index], iframes: &iframes)
                return (child, grandchildren, buffer[index].isShadow == true, buffer[index].type == .element)
            }
            appendFresh(child, to: current.parent, shadow: current.isElement && isShadow)
            if let grandchildren {
                interrupted.append(current)
                current = (grandchildren, 0, child, isElement)
            }
        }
    }

    /// Builds one node (with the text child `_cssText` or a textarea's value makes) and returns it with the children still to build, if any.
    private mutating func buildOne(_ serialized: SerializedNode, iframes: inout [NodeHandle]) -> (NodeHandle, [SerializedNode]?) {
        var cssText: String?
        var textareaValue: String?
        // The node is made by a function so that it moves into the arena instead of being copied.
        let handle = create(makeNode(serialized, cssText: &cssText, textareaValue: &textareaValue))
        map(serialized.id, to: handle)
        if serialized.type == .element {
            let tagName = nodes[Int(handle)].tagName
            if tagName == "iframe" { iframes.append(handle) }
            // rrweb's `addMediaElements`: the media state the snapshot recorded, from now on.
            if tagName == "video" || tagName == "audio" { media[handle] = MediaClock(snapshot: serialized.attributes ?? JSONObject(), at: clock) }
        }

        if let textareaValue {
            // The value wins over any recorded child text (legacy data has both).
            let text = create(DOMNode(textWithoutId: textareaValue))
            appendFresh(text, to: handle, shadow: false)
            return (handle, nil)
        }
        guard let children = serialized.childNodes, !children.isEmpty else {
            if let cssText {
                let text = create(DOMNode(textWithoutId: ReplayCSS.adapt(cssText)))
                appendFresh(text, to: handle, shadow: false)
            }
            return (handle, nil)
        }
        guard let cssText else { return (handle, children) }
        var split = children
        Self.applyCSSSplits(cssText, to: &split)
        return (handle, split)
    }

    /// The replayer's node for `serialized`, without children; `_cssText` and a textarea's `value` come back apart, as they become text children.
    private func makeNode(_ serialized: borrowing SerializedNode, cssText: inout String?, textareaValue: inout String?) -> DOMNode {
        let meta = NodeMeta(serialized)
        switch serialized.type {
        case .documentType:
            return DOMNode(type: serialized.type, id: serialized.id, text: serialized.name ?? "", meta: meta)
        case .element:
            var tagName = serialized.tagName ?? "div"
            let recorded = serialized.attributes ?? JSONObject()
            if tagName == "link", case .string? = recorded["_cssText"] { tagName = "style" }
            let isOption = tagName == "option"
            let isTextarea = tagName == "textarea"
            let isStyle = tagName == "style"
            var attributes: [(name: String, value: String)] = []
            attributes.reserveCapacity(recorded.count)
            var extras: [(name: String, value: JSONValue)] = []
            for (name, value) in recorded.members {
                if case .null = value { continue }
                switch AttributeKind(name) {
                case .property:
                    // Member names of a JSON object are unique, so there is nothing to replace.
                    extras.append((name, value))
                    continue
                case .cssText:
                    if isStyle, case .string(let text) = value { cssText = text }
                    continue
                case .ordinary:
                    break
                }
                let text: String
                switch value {
                case .bool(let flag):
                    if isOption, !flag, name == "selected" { continue }
                    text = flag ? "" : "false"
                case .string(let string): text = string
                default: text = JSONWriter.canonicalString(value)
                }
                if isTextarea, name == "value" {
                    textareaValue = text
                    continue
                }
                attributes.append((name, text))
            }
            let scroll = Self.takeScroll(from: &extras)
            // One initializer call: a node changed field by field after creation is copied on return.
            return DOMNode(
                type: .element, id: serialized.id, tagName: tagName, attributes: attributes, extras: extras,
                isSVG: serialized.isSVG ?? false, shadowRoot: serialized.isShadowHost == true ? [] : nil, scroll: scroll, meta: meta)
        case .document, .cdata:
            return DOMNode(type: serialized.type, id: serialized.id, meta: meta)
        case .text where serialized.isStyle == true:
            // A legacy recording's `<style>` text, adapted as rrweb's `buildNode` adapts it.
            return DOMNode(type: serialized.type, id: serialized.id, text: ReplayCSS.adapt(serialized.textContent ?? ""), meta: meta)
        default:
            return DOMNode(type: serialized.type, id: serialized.id, text: serialized.textContent ?? "", meta: meta)
        }
    }

    /// Appends `child`, a node built a moment ago and in no list yet, as the last child of `parent`.
    private mutating func appendFresh(_ child: NodeHandle, to parent: NodeHandle, shadow: Bool) {
        nodes[Int(child)].parent = parent
        nodes[Int(child)].inShadow = shadow
        if shadow {
            if nodes[Int(parent)].shadowRoot == nil { nodes[Int(parent)].shadowRoot = [] }
            nodes[Int(parent)].shadowRoot!.append(child)
        } else {
            nodes[Int(parent)].children.append(child)
        }
    }

    /// rrweb's `applyCssSplits`: the successive text children get the parts of `_cssText` between `/* rr_split */` markers, each adapted for replay.
    static func applyCSSSplits(_ cssText: String, to children: inout [SerializedNode]) {
        let textIndices = children.indices.filter { children[$0].type == .text }
        var parts = cssText.components(separatedBy: "/* rr_split */")
        while parts.count > 1, parts.count > textIndices.count {
            let last = parts.removeLast()
            parts[parts.count - 1] += last
        }
        for (position, index) in textIndices.enumerated() where position < parts.count && !parts[position].isEmpty {
            children[index].textContent = ReplayCSS.adapt(parts[position])
        }
    }

    /// Removes `rr_scrollLeft`/`rr_scrollTop` from `extras` and returns them as a scroll position, if either was there.
    private static func takeScroll(from extras: inout [(name: String, value: JSONValue)]) -> (left: Double, top: Double)? {
        var left: Double?
        var top: Double?
        for extra in extras {
            if extra.name == "rr_scrollLeft" { left = extra.value.doubleValue }
            if extra.name == "rr_scrollTop" { top = extra.value.doubleValue }
        }
        guard left != nil || top != nil else { return nil }
        extras.removeAll { $0.name == "rr_scrollLeft" || $0.name == "rr_scrollTop" }
        return (left ?? 0, top ?? 0)
    }
}

extension DOMNode {
    /// A text node the replayer creates itself; it has no rrweb id.
    init(textWithoutId text: String) {
        self.init(type: .text, id: -1)
        self.text = text
    }
}

/// How the replayer treats an attribute of a serialized element, by its name.
private enum AttributeKind {
    /// An ordinary attribute.
    case ordinary
    /// An `rr_*` property the recorder added (placeholder size, scroll, media state).
    case property
    /// `_cssText`, the inlined text of a stylesheet.
    case cssText

    /// Looks at the first byte before comparing whole names: almost every attribute is ordinary.
    init(_ name: String) {
        switch name.utf8.first {
        case UInt8(ascii: "r"): self = name.hasPrefix("rr_") ? .property : .ordinary
        case UInt8(ascii: "_"): self = name == "_cssText" ? .cssText : .ordinary
        default: self = .ordinary
        }
    }
}
