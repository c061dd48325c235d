// Why this file is unsafe: the layout goes through the DOM's node storage by pointer
// (`UnsafeMutableBufferPointer`: no bounds checks in release builds, no uniqueness check, no copy
// or retain of the nodes visited).
//
// What keeps it correct: the pointer is lent by `withUnsafeMutableBufferPointer` here, for one
// layout, and never escapes it; every id followed comes from the DOM's own child lists and
// content-document links, so it is always in range.

import ScenarioLanguage

/// The flow layout of a `VirtualDOM`, run over its nodes in place.
///
/// Block elements stack, inline elements sit on lines, form controls have fixed sizes. It works on
/// the node storage directly (`VirtualDOM.layout` lends it), so writing a box checks no uniqueness and
/// copies no DOM; ids come from the DOM's own child lists, so they are always in range.
struct FlowLayout {
    let nodes: UnsafeMutableBufferPointer<VNode>
    /// The viewport height, the least height of the html and body boxes.
    let viewportHeight: Double

    /// The collapsed length of the light-DOM text under `id`.
    ///
    /// Children are read by position in place: iterating `children` would retain the array at each level.
    private func textLength(of id: Int) -> Int {
        if nodes[id].kind == .text { return nodes[id].textLength }
        var total = 0
        for position in 0..<nodes[id].children.count { total += textLength(of: nodes[id].children[position]) }
        return total
    }

    /// Whether every light child of `id` is a text node.
    private func onlyText(_ id: Int) -> Bool {
        for position in 0..<nodes[id].children.count where nodes[nodes[id].children[position]].kind != .text { return false }
        return true
    }

    /// Lays out the children of `id` inside a content box starting at (x, y); returns the content height.
    ///
    /// An element child that is clean (`needsLayout` false) and starts where it did last time keeps
    /// its boxes: a subtree's layout depends only on its content and where it starts (x, y, the width
    /// given to it; html and body also on the viewport, whose change makes every node unclean). What
    /// a full layout would leave without a box (hidden subtrees, text of fixed-size elements) is
    /// zeroed, so the boxes are those of laying out the whole page afresh.
    func layoutChildren(of id: Int, x: Double, y: Double, width: Double) -> Double {
        var cursorY = y
        var lineX = x
        var lineHeight = 0.0
        let lightCount = nodes[id].children.count
        let total = lightCount + nodes[id].shadowChildren.count
        var position = 0
        while position < total {
            let child = position < lightCount ? nodes[id].children[position] : nodes[id].shadowChildren[position - lightCount]
            position += 1
            switch nodes[child].kind {
            case .text:
                let length = nodes[child].textLength
                guard length > 0 else {
                    nodes[child].box = .zero
                    continue
                }
                let textWidth = min(width, Double(length) * 8)
                if lineX + textWidth > x + width {
                    if lineHeight > 0 { cursorY += lineHeight }
                    lineX = x
                    lineHeight = 0
                }
                nodes[child].box = Box(x: lineX, y: cursorY, width: textWidth, height: 20)
                lineX += textWidth
                lineHeight = max(lineHeight, 20)
            case .element:
                if nodes[child].isInvisible || nodes[child].isHidden {
                    clearSubtree(child)
                    continue
                }
                let kind = nodes[child].layoutKind
                if nodes[child].isInline {
                    // A clean inline given the same width has the same size: its box's.
                    let keepsSize = !nodes[child].needsLayout && nodes[child].layoutWidth == width
                    let size = keepsSize ? nil : intrinsicSize(child, available: width)
                    let w = size?.0 ?? nodes[child].box.width
                    if lineX + w > x + width, lineX > x {
                        if lineHeight > 0 { cursorY += lineHeight }
                        lineX = x
                        lineHeight = 0
                    }
                    if !(keepsSize && nodes[child].box.x == lineX && nodes[child].box.y == cursorY) {
                        let h = (size ?? intrinsicSize(child, available: width)).1
                        nodes[child].box = Box(x: lineX, y: cursorY, width: w, height: h)
                        if h == 0 || nodes[child].isTextSized {
                            let inner = layoutChildren(of: child, x: lineX, y: cursorY, width: w)
                            nodes[child].box.height = max(h, inner)
                        } else {
                            clearChildren(of: child)
                        }
                        nodes[child].layoutWidth = width
                        nodes[child].needsLayout = false
                    }
                    lineX += w + 4
                    lineHeight = max(lineHeight, nodes[child].box.height)
                } else {
                    if lineHeight > 0 { cursorY += lineHeight }
                    lineX = x
                    lineHeight = 0
                    let margin = FlowLayout.margin(kind)
                    cursorY += margin
                    // A block's box records where it was laid out from: (x, y, width).
                    let box = nodes[child].box
                    if !nodes[child].needsLayout, box.x == x, box.y == cursorY, box.width == width {
                        cursorY += box.height + margin
                        continue
                    }
                    let h = intrinsicSize(child, available: width).1
                    nodes[child].box = Box(x: x, y: cursorY, width: width, height: h)
                    let padding = kind == .body ? 8.0 : (kind == .form || kind == .list ? 4 : 0)
                    let indent = kind == .list ? 40.0 : padding
                    var height = h
                    if kind == .iframe {
                        height = 150
                        clearChildren(of: child)
                        let document = nodes[child].contentDocument
                        if document != 0 {
                            nodes[document].box = Box(x: x + 2, y: cursorY + 2, width: width - 4, height: 146)
                            _ = layoutChildren(of: document, x: x + 2, y: cursorY + 2, width: width - 4)
                            nodes[document].needsLayout = false
                        }
                    } else if h == 0 {
                        height = layoutChildren(of: child, x: x + indent, y: cursorY + padding, width: max(0, width - 2 * indent)) + 2 * padding
                        if kind == .html || kind == .body { height = max(height, viewportHeight - cursorY) }
                    } else {
                        clearChildren(of: child)
                    }
                    nodes[child].box.height = height
                    nodes[child].needsLayout = false
                    cursorY += height + margin
                }
            default:
                nodes[child].box = .zero
            }
        }
        if lineHeight > 0 { cursorY += lineHeight }
        return cursorY - y
    }

    /// Leaves `id` and everything under it (shadow and frame content too) without a box, as a page
    /// laid out afresh would; they need layout again once shown.
    private func clearSubtree(_ id: Int) {
        nodes[id].box = .zero
        nodes[id].needsLayout = true
        clearChildren(of: id)
        let document = nodes[id].contentDocument
        if document != 0 { clearSubtree(document) }
    }

    /// `clearSubtree` for each light and shadow child of `id`, which the layout does not place.
    private func clearChildren(of id: Int) {
        for position in 0..<nodes[id].children.count { clearSubtree(nodes[id].children[position]) }
        for position in 0..<nodes[id].shadowChildren.count { clearSubtree(nodes[id].shadowChildren[position]) }
    }

    private static func margin(_ kind: VNode.LayoutKind) -> Double {
        switch kind {
        case .h1: return 21
        case .h2: return 19
        case .p, .list, .form, .h3, .table: return 16
        default: return 0
        }
    }

    /// Fixed sizes for replaced and form elements; 0 height means "from the content".
    private func intrinsicSize(_ id: Int, available: Double) -> (Double, Double) {
        switch nodes[id].layoutKind {
        case .input:
            switch nodes[id].attribute("type") ?? "text" {
            case "checkbox", "radio": return (13, 13)
            case "hidden": return (0, 0)
            case "submit", "button": return (Double((nodes[id].attribute("value") ?? "Submit").count) * 8 + 24, 32)
            default: return (min(available, 200), 32)
            }
        case .button:
            return (Double(textLength(of: id)) * 8 + 24, 32)
        case .select: return (min(available, 180), 32)
        case .textarea: return (min(available, 400), Double(Int(nodes[id].attribute("rows") ?? "") ?? 2) * 20 + 8)
        case .img: return (Double(Int(nodes[id].attribute("width") ?? "") ?? 120), Double(Int(nodes[id].attribute("height") ?? "") ?? 80))
        case .h1: return (available, 37)
        case .h2: return (available, 29)
        case .li where onlyText(id): return (available, 20)
        case .p where onlyText(id):
            let length = Double(textLength(of: id)) * 8
            return (available, max(20, (length / max(available, 1)).rounded(.up) * 20))
        default:
            if nodes[id].isTextSized {
                return (min(available, max(8, Double(textLength(of: id)) * 8)), 20)
            }
            return (available, 0)
        }
    }
}

extension FlowLayout {
    /// Lays out `nodes` for `viewport`, in place (`VirtualDOM.layout()`); clean subtrees that have not
    /// moved keep their boxes, unless `afresh` (a new viewport): then every box is cleared and laid out.
    static func layOut(_ nodes: inout [VNode], viewport: Viewport, afresh: Bool) {
        nodes.withUnsafeMutableBufferPointer { nodes in
            if afresh {
                for index in nodes.indices {
                    nodes[index].box = .zero
                    nodes[index].needsLayout = true
                }
            }
            nodes[1].box = Box(x: 0, y: 0, width: Double(viewport.width), height: Double(viewport.height))
            let flow = FlowLayout(nodes: nodes, viewportHeight: Double(viewport.height))
            _ = flow.layoutChildren(of: 1, x: 0, y: 0, width: Double(viewport.width))
            nodes[1].needsLayout = false
        }
    }
}
