import SessionModel

/// A handle to a node in a `DOMTree`'s arena.
typealias NodeHandle = Int32

/// One node of the reconstructed DOM, as the replayer holds it.
///
/// Attributes keep insertion order (they are sorted only when printed);
/// `rr_*` properties live in `extras`, never among the attributes.
///
/// No member has a default value and optional ones are spelled `Optional<T>`,
/// not `T?`: members that start out set before the initializer runs make
/// every node built by it be copied on return (each field retained and
/// released again).
struct DOMNode {
    var type: NodeType
    /// The rrweb id, or -1 for nodes the replayer creates itself (CSS text from `_cssText`).
    var id: Int
    var tagName: String
    var attributes: [(name: String, value: String)]
    /// `rr_*` properties (placeholder size, media state, dialog mode, ...), applied after the attributes.
    var extras: [(name: String, value: JSONValue)]
    /// Text of a text, comment or CDATA node; doctype name.
    var text: String
    var isSVG: Bool
    var children: [NodeHandle]
    /// Children of the open shadow root, when the element has one.
    var shadowRoot: Optional<[NodeHandle]>
    var parent: NodeHandle
    /// The node is a child of its parent's shadow root.
    var inShadow: Bool
    /// An iframe's content document.
    var contentDocument: NodeHandle
    /// The iframe element that holds this document, for content documents.
    var hostFrame: NodeHandle
    /// A form control's current value, once an Input event made it dirty.
    var currentValue: Optional<String>
    var currentChecked: Optional<Bool>
    /// Element or window scroll position (left, top).
    var scroll: Optional<(left: Double, top: Double)>
    /// The serialized node it was built from (rrweb's mirror meta), for the duplicate-id rule and `_cssText` rebuilds; doctype ids and compatibility mode are read from it.
    var meta: Optional<NodeMeta>

    init(
        type: NodeType, id: Int, tagName: String = "", attributes: [(name: String, value: String)] = [],
        extras: [(name: String, value: JSONValue)] = [], text: String = "", isSVG: Bool = false, shadowRoot: [NodeHandle]? = nil,
        scroll: (left: Double, top: Double)? = nil, meta: NodeMeta? = nil
    ) {
        self.type = type
        self.id = id
        self.tagName = tagName
        self.attributes = attributes
        self.extras = extras
        self.text = text
        self.isSVG = isSVG
        self.shadowRoot = shadowRoot
        self.scroll = scroll
        self.meta = meta
        children = []
        parent = -1
        inShadow = false
        contentDocument = -1
        hostFrame = -1
        currentValue = nil
        currentChecked = nil
    }

    func attribute(_ name: String) -> String? {
        for attribute in attributes where attribute.name == name { return attribute.value }
        return nil
    }

    mutating func setAttribute(_ name: String, _ value: String) {
        Self.set(name, value, in: &attributes)
    }

    mutating func removeAttribute(_ name: String) {
        attributes.removeAll { $0.name == name }
    }

    mutating func setExtra(_ name: String, _ value: JSONValue) {
        Self.set(name, value, in: &extras)
    }

    /// Replaces the value under `name`, or appends it: lists keep the order names were first set in.
    static func set<Value>(_ name: String, _ value: Value, in list: inout [(name: String, value: Value)]) {
        if let index = list.firstIndex(where: { $0.name == name }) {
            list[index].value = value
        } else {
            list.append((name, value))
        }
    }

    mutating func removeExtra(_ name: String) {
        extras.removeAll { $0.name == name }
    }
}

/// The reconstructed DOM: an arena of nodes and rrweb's id map (the "mirror").
///
/// Nodes are never freed; a removed node just loses its parent and its map
/// entry, as in the browser, where a detached node lives on while referenced.
///
/// A value, so that the reconstruction holds it `inout` for a whole event and the
/// compiler checks every access statically (`DOMTree` shares it with the views).
struct DOMArena {
    /// The arena of nodes.
    var nodes: [DOMNode] = []
    /// rrweb id → node; ids are dense in practice, so a growable array with a dictionary fallback.
    private var denseMap: [NodeHandle] = []
    private var sparseMap: [Int: NodeHandle] = [:]
    /// The top document, or -1 before the first FullSnapshot.
    var root: NodeHandle = -1
    /// The style sheets: CSSOM-changed `<style>` sheets and constructed (adopted) ones.
    var styles = StyleSheets()
    /// The top document's selection, custom elements and fonts.
    var page = PageState()
    /// The replay time (ms, as event timestamps): the time of the event being applied, or the time sought to.
    var clock: Int64 = 0
    /// Where each `<video>`/`<audio>` is in its media, from its snapshot and its MediaInteraction events.
    var media: [NodeHandle: MediaClock] = [:]

    /// Forgets every node (a FullSnapshot is a hard reset) and makes room for `expectedNodes` new ones.
    ///
    /// Nodes are large; growing the arena one doubling at a time would copy them over and over.
    mutating func reset(expectedNodes: Int = 0) {
        nodes.removeAll(keepingCapacity: true)
        nodes.reserveCapacity(expectedNodes)
        denseMap.removeAll(keepingCapacity: true)
        sparseMap.removeAll()
        root = -1
        styles = StyleSheets()
        page = PageState()
        media = [:]
    }

    /// The `rr_*` properties of `handle` as of the replay time: a playing media's `rr_mediaCurrentTime` is advanced to `clock`.
    func extras(of handle: NodeHandle) -> [(name: String, value: JSONValue)] {
        var extras = nodes[Int(handle)].extras
        if !media.isEmpty, let media = media[handle], media.isPlaying {
            DOMNode.set("rr_mediaCurrentTime", .double(media.currentTime(at: clock)), in: &extras)
        }
        return extras
    }

    /// The node at `handle`; reads borrow it in place instead of copying the whole struct.
    subscript(handle: NodeHandle) -> DOMNode {
        _read { yield nodes[Int(handle)] }
        _modify { yield &nodes[Int(handle)] }
    }

    mutating func create(_ node: consuming DOMNode) -> NodeHandle {
        nodes.append(node)
        return NodeHandle(nodes.count - 1)
    }

    // MARK: - The id map

    func lookup(_ id: Int) -> NodeHandle? {
        if id >= 0, id < denseMap.count {
            let handle = denseMap[id]
            return handle >= 0 ? handle : nil
        }
        return sparseMap[id]
    }

    mutating func map(_ id: Int, to handle: NodeHandle) {
        if id >= 0, id < 1 << 22 {
            if id >= denseMap.count {
                denseMap.append(contentsOf: repeatElement(-1, count: max(id + 1 - denseMap.count, denseMap.count / 2 + 16)))
            }
            denseMap[id] = handle
        } else {
            sparseMap[id] = handle
        }
    }

    mutating func unmap(_ id: Int) {
        if id >= 0, id < denseMap.count {
            denseMap[id] = -1
        } else {
            sparseMap[id] = nil
        }
    }

    /// Unmaps a node and its light-DOM descendants, as rrweb's mirror does on removal.
    mutating func unmapSubtree(_ handle: NodeHandle) {
        var stack = [handle]
        while let next = stack.popLast() {
            let id = nodes[Int(next)].id
            if id >= 0, lookup(id) == next { unmap(id) }
            stack.append(contentsOf: nodes[Int(next)].children)
        }
    }

    // MARK: - Structure

    /// Detaches a node from its parent's child list or shadow root; returns false when it had no parent.
    @discardableResult
    mutating func detach(_ handle: NodeHandle) -> Bool {
        let parent = nodes[Int(handle)].parent
        guard parent >= 0 else { return false }
        if nodes[Int(handle)].inShadow {
            if let index = nodes[Int(parent)].shadowRoot?.lastIndex(of: handle) {
                nodes[Int(parent)].shadowRoot!.remove(at: index)
            }
        } else if let index = nodes[Int(parent)].children.lastIndex(of: handle) {
            nodes[Int(parent)].children.remove(at: index)
        }
        nodes[Int(handle)].parent = -1
        nodes[Int(handle)].inShadow = false
        return true
    }

    /// Inserts `child` into `parent`'s light children (or shadow root) before `reference`, or at the end.
    ///
    /// Refuses (returns false) when `parent` is `child` or lies inside it, which would make a cycle.
    @discardableResult
    mutating func insert(_ child: NodeHandle, into parent: NodeHandle, shadow: Bool, before reference: NodeHandle?) -> Bool {
        if contains(child, parent) { return false }
        detach(child)
        if shadow, nodes[Int(parent)].shadowRoot == nil { nodes[Int(parent)].shadowRoot = [] }
        nodes[Int(child)].parent = parent
        nodes[Int(child)].inShadow = shadow
        if shadow {
            if let reference, let index = nodes[Int(parent)].shadowRoot!.firstIndex(of: reference) {
                nodes[Int(parent)].shadowRoot!.insert(child, at: index)
            } else {
                nodes[Int(parent)].shadowRoot!.append(child)
            }
        } else {
            if let reference, let index = nodes[Int(parent)].children.firstIndex(of: reference) {
                nodes[Int(parent)].children.insert(child, at: index)
            } else {
                nodes[Int(parent)].children.append(child)
            }
        }
        return true
    }

    /// The sibling after `handle` in its own list, or nil.
    func nextSibling(_ handle: NodeHandle) -> NodeHandle? {
        let parent = nodes[Int(handle)].parent
        guard parent >= 0 else { return nil }
        let list = nodes[Int(handle)].inShadow ? (nodes[Int(parent)].shadowRoot ?? []) : nodes[Int(parent)].children
        guard let index = list.firstIndex(of: handle), index + 1 < list.count else { return nil }
        return list[index + 1]
    }

    /// Whether `handle` is `ancestor` or lies below it (through children, shadow roots, not iframe documents).
    func contains(_ ancestor: NodeHandle, _ handle: NodeHandle) -> Bool {
        var current = handle
        while current >= 0 {
            if current == ancestor { return true }
            current = nodes[Int(current)].parent
        }
        return false
    }

    /// The concatenated text of every text node below `handle`, light DOM only (DOM `textContent`).
    func textContent(_ handle: NodeHandle) -> String {
        let node = nodes[Int(handle)]
        switch node.type {
        case .text, .comment, .cdata: return node.text
        case .element, .document:
            var result = ""
            appendText(handle, into: &result)
            return result
        default: return ""
        }
    }

    private func appendText(_ handle: NodeHandle, into result: inout String) {
        forEachDescendantText(of: handle, includingCDATA: true, enteringElement: { _ in true }) { result += $0 }
    }

    /// Calls `body` with the text of each text node (and CDATA node, if asked) below `handle` in document order.
    ///
    /// Light DOM only; elements are entered when `enteringElement` says so. An
    /// explicit stack, not recursion, walks the tree, so any depth is fine.
    private func forEachDescendantText(
        of handle: NodeHandle, includingCDATA: Bool, enteringElement: (DOMNode) -> Bool, _ body: (String) -> Void
    ) {
        DepthFirst.forEach(nodes[Int(handle)].children, children: { child in
            nodes[Int(child)].type == .element && enteringElement(nodes[Int(child)]) ? nodes[Int(child)].children : []
        }) { child, _ in
            let type = nodes[Int(child)].type
            if type == .text || (includingCDATA && type == .cdata) { body(nodes[Int(child)].text) }
        }
    }

    /// The text a person would see inside `handle`: like `textContent`, without `<style>`, `<script>`, `<noscript>`, `<template>` and `<head>`.
    func visibleText(_ handle: NodeHandle) -> String {
        let node = nodes[Int(handle)]
        if node.type == .text { return node.text }
        var result = ""
        appendVisibleText(handle, into: &result)
        return result
    }

    private static let invisibleTags: Set<String> = ["style", "script", "noscript", "template", "head"]

    private func appendVisibleText(_ handle: NodeHandle, into result: inout String) {
        forEachDescendantText(of: handle, includingCDATA: false, enteringElement: { !Self.invisibleTags.contains($0.tagName) }) { text in
            result += text
        }
    }

    /// The document that owns `handle` (the top document or an iframe content document).
    func ownerDocument(_ handle: NodeHandle) -> NodeHandle {
        var current = handle
        while current >= 0 {
            if nodes[Int(current)].type == .document { return current }
            current = nodes[Int(current)].parent
        }
        return -1
    }
}

/// The reconstructed DOM of one `Reconstructor`, shared with the views it hands out.
///
/// The arena is one stored property: reconstruction borrows it `inout` once per event
/// (`withArena`), so the run-time exclusivity check is paid once per event, not once per
/// node access; reads from views and serializers check once per read.
final class DOMTree {
    private var arena = DOMArena()

    init() {}

    /// Runs `body` with the arena borrowed in place.
    func withArena<Result>(_ body: (inout DOMArena) -> Result) -> Result { body(&arena) }

    var root: NodeHandle { arena.root }
    var nodes: [DOMNode] { arena.nodes }

    /// The node at `handle`, read in place.
    subscript(handle: NodeHandle) -> DOMNode {
        _read { yield arena[handle] }
    }

    func lookup(_ id: Int) -> NodeHandle? { arena.lookup(id) }
    var styles: StyleSheets { arena.styles }
    var page: PageState { arena.page }
    func extras(of handle: NodeHandle) -> [(name: String, value: JSONValue)] { arena.extras(of: handle) }
    func textContent(_ handle: NodeHandle) -> String { arena.textContent(handle) }
    func visibleText(_ handle: NodeHandle) -> String { arena.visibleText(handle) }
}
