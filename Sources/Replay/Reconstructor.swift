import SessionModel

/// The DOM of one recording as rrweb's replayer would hold it, changed one event at a time.
///
/// Feed events in replay order (see `ReplaySession`, which sorts and seeks);
/// problems become `findings` and reconstruction goes on.
///
/// ```swift
/// let dom = Reconstructor()
/// for (index, event) in events.enumerated() { dom.apply(event, index: index) }
/// print(dom.html())
/// ```
public final class Reconstructor {
    let tree = DOMTree()
    /// Problems met so far, in the order they happened.
    public private(set) var findings: [ReplayFinding] = []
    /// The page URL from the last Meta event.
    public private(set) var href: String?
    /// The viewport size from the last Meta or ViewportResize event.
    public private(set) var viewport: (width: Double, height: Double)?
    /// How many FullSnapshots have been applied.
    public private(set) var snapshotCount = 0

    /// Iframe documents whose iframe is not mapped yet (rrweb's `newDocumentQueue`).
    private var newDocumentQueue: [AddedNode] = []
    /// Legacy nodes parked by `nextId:-1`/`previousId:-1`, waiting for a sibling: the built node and the sibling ids of its add.
    private var legacyMissing: [Int: LegacySiblings] = [:]
    private var currentIndex: Int?

    public init() {}

    /// Whether a FullSnapshot has been applied, so the DOM exists.
    public var hasDocument: Bool { tree.root >= 0 }

    /// Applies one event; `index` is the event's position in the recording, used in findings.
    ///
    /// The replay time becomes the event's timestamp (an event without one keeps the time of the one before).
    public func apply(_ event: Event, index: Int) {
        apply(event, index: index, time: event.timestamp ?? tree.withArena { $0.clock })
    }

    /// Applies one event at replay time `time` (ms, as timestamps), which playing media are measured against.
    func apply(_ event: Event, index: Int, time: Int64) {
        moveClock(to: time)
        currentIndex = index
        defer { currentIndex = nil }
        switch event.data {
        case .meta(let meta):
            href = meta.href
            viewport = (meta.width, meta.height)
        case .fullSnapshot(let snapshot):
            tree.withArena { tree in applyFullSnapshot(snapshot, &tree) }
        case .incrementalSnapshot(let data):
            guard hasDocument else {
                report(.beforeSnapshot, "\(data.source) event before any FullSnapshot; skipped")
                return
            }
            // One borrow of the arena for the whole event: inside, its accesses are checked statically.
            switch data {
            case .mutation(let mutation): tree.withArena { tree in applyMutation(mutation, &tree) }
            case .input(let input): tree.withArena { tree in applyInput(input, &tree) }
            case .scroll(let scroll): tree.withArena { tree in applyScroll(scroll, &tree) }
            case .viewportResize(let resize): viewport = (resize.width, resize.height)
            case .styleSheetRule(let rule): tree.withArena { tree in applyStyleSheetRule(rule, &tree) }
            case .other(.styleDeclaration, let data): tree.withArena { tree in applyStyleDeclaration(data, &tree) }
            case .other(.adoptedStyleSheet, let data): tree.withArena { tree in applyAdoptedStyleSheet(data, &tree) }
            case .mediaInteraction(let media): tree.withArena { tree in applyMediaInteraction(media, &tree) }
            case .selection(let selection): tree.withArena { tree in applySelection(selection, &tree) }
            case .other(.canvasMutation, let data): tree.withArena { tree in applyCanvasMutation(data, &tree) }
            case .other(.customElement, let data): tree.withArena { tree in applyCustomElement(data, &tree) }
            case .other(.font, let data): tree.withArena { tree in applyFont(data, &tree) }
            case .mouseMove, .mouseInteraction:
                break  // the pointer: drawn by a player, not part of the DOM; the timeline lists clicks
            case .other(.log, _):
                report(.unknownKind, "legacy Log event (source 11): rrweb 1.x console capture, not replayed; record console with the console plugin")
            case .other(let source, _):
                report(.unknownKind, "incremental source \(source.rawValue) is not one rrweb defines (0-16); skipped")
            }
        case .asset:
            report(.unknownKind, "Asset event (type 7): inlined assets are not applied to the DOM")
        case .unknown(let type, _):
            report(.unknownKind, "event type \(type.rawValue) is not one rrweb defines (0-7); skipped")
        case .domContentLoaded, .load, .custom, .plugin:
            break  // no DOM effect; the timeline lists custom and plugin events
        }
    }

    /// Sets the replay time (ms, as timestamps) without applying anything: a seek to a moment between events.
    func moveClock(to time: Int64) {
        tree.withArena { $0.clock = time }
    }

    /// Reports what is still waiting at the end of the stream (parked legacy nodes, unattached iframe documents).
    public func finish() {
        reportLeftovers()
    }

    func report(_ kind: ReplayFinding.Kind, _ message: String) {
        findings.append(ReplayFinding(eventIndex: currentIndex, kind: kind, message: message))
    }

    private func reportLeftovers() {
        for id in legacyMissing.keys.sorted() {
            report(.orphanedLegacyNode, "legacy node \(id) waited for a sibling that never came; dropped")
        }
        for add in newDocumentQueue {
            report(.unattachedDocument, "iframe document \(add.node.id) waited for iframe \(add.parentId), which never appeared")
        }
        legacyMissing = [:]
        newDocumentQueue = []
    }

    // MARK: - FullSnapshot

    private func applyFullSnapshot(_ snapshot: FullSnapshot, _ tree: inout DOMArena) {
        if tree.root >= 0 { reportLeftovers() }
        // Room for the snapshot's nodes and as many again for the mutations that follow.
        tree.reset(expectedNodes: 2 * snapshot.node.subtreeCount)
        legacyMissing = [:]
        newDocumentQueue = []
        var iframes: [NodeHandle] = []
        let root = tree.build(snapshot.node, skipChildren: false, reuse: false, iframes: &iframes)
        if snapshot.node.type != .document {
            report(.unknownNode, "FullSnapshot root is a \(snapshot.node.type), not a Document")
        }
        tree.root = root
        if let offset = snapshot.initialOffset, offset.left != 0 || offset.top != 0 {
            tree[root].scroll = (offset.left, offset.top)
        }
        snapshotCount += 1
    }

    // MARK: - Mutation

    private func applyMutation(_ mutation: Mutation, _ tree: inout DOMArena) {
        // 1. Removes.
        var removes: [RemovedNode] = []
        removes.reserveCapacity(mutation.removes.count)
        for remove in mutation.removes {
            if tree.lookup(remove.id) == nil {
                report(.unknownNode, "mutation removes unknown node \(remove.id)")
            } else {
                removes.append(remove)
            }
        }
        for remove in removes {
            guard let target = tree.lookup(remove.id) else { continue }  // went with an ancestor
            guard let parent = tree.lookup(remove.parentId) else {
                report(.unknownNode, "mutation removes node \(remove.id) from unknown parent \(remove.parentId)")
                continue
            }
            tree.unmapSubtree(target)
            if tree[parent].tagName == "style" { tree.styles.elementSheets[parent] = nil }
            let shadow = remove.isShadow == true && tree[parent].shadowRoot != nil
            if tree[target].parent == parent, tree[target].inShadow == shadow {
                tree.detach(target)
            } else {
                report(.removeFailed, "node \(remove.id) is not a \(shadow ? "shadow " : "")child of node \(remove.parentId); unmapped but left in place")
            }
        }

        // 2. Adds, with deferred resolution.
        var queue: [AddedNode] = []
        for add in mutation.adds { _ = appendNode(add, queue: &queue, &tree) }
        while !queue.isEmpty {
            let trees = ResolveTree.build(from: queue)
            queue = []
            var progressed = false
            for pending in trees {
                guard tree.lookup(pending.value.parentId) != nil else {
                    let count = pending.count
                    report(.unresolvedAdd, "added node \(pending.value.node.id)\(count > 1 ? " and \(count - 1) queued below it" : "") dropped: parent \(pending.value.parentId) is unknown")
                    progressed = true
                    continue
                }
                pending.visit { add in
                    if appendNode(add, queue: &queue, &tree) { progressed = true }
                }
            }
            if !progressed {
                for add in queue {
                    report(.unresolvedAdd, "added node \(add.node.id) dropped: next sibling \(add.nextSiblingId.map(String.init) ?? "null") never appeared under \(add.parentId)")
                }
                queue = []
            }
        }

        // 3. Texts: the last entry for each id wins.
        var seen = Set<Int>()
        for change in mutation.texts.reversed() where seen.insert(change.id).inserted {
            guard let target = tree.lookup(change.id) else {
                if !mutation.removes.contains(where: { $0.id == change.id }) {
                    report(.unknownNode, "mutation sets the text of unknown node \(change.id)")
                }
                continue
            }
            setTextContent(target, change.value ?? "", &tree)
        }

        // 4. Attributes.
        for change in mutation.attributes {
            guard let target = tree.lookup(change.id) else {
                if !mutation.removes.contains(where: { $0.id == change.id }) {
                    report(.unknownNode, "mutation sets attributes of unknown node \(change.id)")
                }
                continue
            }
            applyAttributes(change, to: target, &tree)
        }
    }

    /// rrweb's `appendNode`; returns false when the add went (back) to the queue.
    private func appendNode(_ add: AddedNode, queue: inout [AddedNode], _ tree: inout DOMArena) -> Bool {
        guard let parent = tree.lookup(add.parentId) else {
            if add.node.type == .document {
                newDocumentQueue.append(add)
                return true
            }
            queue.append(add)
            return false
        }
        let shadow = add.node.isShadow == true
        if shadow, tree[parent].type == .element, tree[parent].shadowRoot == nil { tree[parent].shadowRoot = [] }
        let previousId = add.previousSiblingId ?? 0
        let nextId = add.nextSiblingId ?? 0
        let previous = previousId != 0 ? tree.lookup(previousId) : nil
        let next = nextId != 0 ? tree.lookup(nextId) : nil
        if nextId != 0, nextId != -1, next == nil {
            queue.append(add)
            return false
        }
        if let rootId = add.node.rootId, rootId != 0, tree.lookup(rootId) == nil { return true }
        if tree[parent].type == .element, tree[parent].tagName == "iframe", add.node.type == .document {
            attachDocument(add.node, to: parent, &tree)
            return true
        }
        var iframes: [NodeHandle] = []
        let target = tree.build(add.node, skipChildren: true, reuse: true, iframes: &iframes)
        if tree.contains(target, parent) {
            // A reused node added under itself or its own descendant would make a cycle.
            report(.unresolvedAdd, "added node \(add.node.id) dropped: its parent \(add.parentId) lies inside it")
            return true
        }
        if previousId == -1 || nextId == -1 {
            legacyMissing[add.node.id] = LegacySiblings(handle: target, previousId: previousId, nextId: nextId)
            return true
        }
        // The parent's fields one by one, not a copy of the whole node.
        let parentType = tree[parent].type
        let parentTag = tree[parent].tagName
        let parentChildren = tree[parent].children
        if parentType == .element, parentTag == "textarea", add.node.type == .text {
            for child in parentChildren where tree[child].type == .text { tree.detach(child) }
        } else if parentType == .element, parentTag == "style", add.node.type == .text,
            parentChildren.count == 1, tree[parentChildren[0]].id == -1, tree[parentChildren[0]].type == .text
        {
            // rrweb PR #1417: the added text takes the text `_cssText` made, whatever it held.
            let cssChild = parentChildren[0]
            tree[target].text = tree[cssChild].text
            tree.detach(cssChild)
        } else if parentType == .document {
            if add.node.type == .documentType, let first = parentChildren.first, tree[first].type == .documentType {
                tree.detach(first)
            }
            if tree[target].type == .element, tree[target].tagName == "html",
                let documentElement = tree[parent].children.first(where: { tree[$0].type == .element })
            {
                tree.detach(documentElement)
            }
        }
        if parentTag == "style" { tree.styles.elementSheets[parent] = nil }
        let list = shadow ? (tree[parent].shadowRoot ?? []) : tree[parent].children
        if let previous, let sibling = tree.nextSibling(previous), sibling != target {
            tree.insert(target, into: parent, shadow: shadow, before: list.contains(sibling) ? sibling : nil)
        } else if let next, tree[next].parent >= 0 {
            tree.insert(target, into: parent, shadow: shadow, before: list.contains(next) ? next : nil)
        } else {
            tree.insert(target, into: parent, shadow: shadow, before: nil)
        }
        if previousId != 0 || nextId != 0 { resolveMissing(around: LegacySiblings(handle: target, previousId: previousId, nextId: nextId), &tree) }
        if tree[target].type == .element, tree[target].tagName == "iframe",
            let waiting = newDocumentQueue.firstIndex(where: { $0.parentId == add.node.id })
        {
            let document = newDocumentQueue.remove(at: waiting)
            attachDocument(document.node, to: target, &tree)
        }
        return true
    }

    /// rrweb's `legacy_resolveMissingNode`: places parked siblings next to a node that just arrived.
    ///
    /// A placed sibling may free others parked next to it in turn, and is
    /// resolved before the next one is looked at, as rrweb's recursion does;
    /// an explicit stack keeps a long chain of parked nodes off the machine stack.
    private func resolveMissing(around arrived: LegacySiblings, _ tree: inout DOMArena) {
        // Almost always neither sibling is parked: then there is nothing to place, and no work list to make.
        guard arrived.previousId != 0 && legacyMissing.index(forKey: arrived.previousId) != nil
            || arrived.nextId != 0 && legacyMissing.index(forKey: arrived.nextId) != nil
        else { return }
        // Taken out of `self` for the loop (and put back after): every access to a class's stored property is checked at run time.
        var parkedNodes: [Int: LegacySiblings] = [:]
        swap(&parkedNodes, &legacyMissing)
        defer { swap(&parkedNodes, &legacyMissing) }
        // Each frame looks for the parked previous sibling, then (`checkedPrevious`) the parked next one.
        var frames: [(node: LegacySiblings, parent: NodeHandle, shadow: Bool, checkedPrevious: Bool)] = []
        var arrivedNode: LegacySiblings? = arrived
        while true {
            if let node = arrivedNode.take() {
                let parent = tree[node.handle].parent
                if parent >= 0 { frames.append((node, parent, tree[node.handle].inShadow, false)) }
            }
            guard let top = frames.indices.last else { return }
            let frame = frames[top]
            let siblingId = frame.checkedPrevious ? frame.node.nextId : frame.node.previousId
            if frame.checkedPrevious { frames.removeLast() } else { frames[top].checkedPrevious = true }
            guard siblingId != 0, let parked = parkedNodes.removeValue(forKey: siblingId) else { continue }
            let before = frame.checkedPrevious ? tree.nextSibling(frame.node.handle) : frame.node.handle
            tree.insert(parked.handle, into: frame.parent, shadow: frame.shadow, before: before)
            if parked.previousId != 0 || parked.nextId != 0 { arrivedNode = parked }
        }
    }

    /// Builds `document` with its whole subtree as the content of `iframe`, then attaches queued nested documents (a work list, not recursion).
    private func attachDocument(_ document: SerializedNode, to iframe: NodeHandle, _ tree: inout DOMArena) {
        var waiting = [(document, iframe)]
        while let (document, iframe) = waiting.popLast() {
            var iframes: [NodeHandle] = []
            let handle = tree.build(document, skipChildren: false, reuse: false, iframes: &iframes)
            let previous = tree[iframe].contentDocument
            if previous >= 0 { tree[previous].hostFrame = -1 }
            tree[iframe].contentDocument = handle
            tree[handle].hostFrame = iframe
            var nested: [(SerializedNode, NodeHandle)] = []
            for frame in iframes {
                let frameId = tree[frame].id
                if let index = newDocumentQueue.firstIndex(where: { $0.parentId == frameId }) {
                    nested.append((newDocumentQueue.remove(at: index).node, frame))
                }
            }
            waiting.append(contentsOf: nested.reversed())
        }
    }

    private func setTextContent(_ target: NodeHandle, _ value: String, _ tree: inout DOMArena) {
        // A browser parses a `<style>`'s sheet afresh when its text changes: CSSOM changes are lost.
        let parent = tree[target].parent
        if tree[target].tagName == "style" { tree.styles.elementSheets[target] = nil }
        if parent >= 0, tree[parent].tagName == "style" { tree.styles.elementSheets[parent] = nil }
        switch tree[target].type {
        case .text, .comment, .cdata:
            tree[target].text = value
        case .element:
            for child in tree[target].children { tree.detach(child) }
            if !value.isEmpty {
                let text = tree.create(DOMNode(textWithoutId: value))
                tree.insert(text, into: target, shadow: false, before: nil)
            }
        default:
            break
        }
    }

    private func applyAttributes(_ change: AttributeChange, to target: NodeHandle, _ tree: inout DOMArena) {
        for (name, value) in change.attributes.members {
            switch value {
            case .null:
                if name.hasPrefix("rr_") {
                    if name == "rr_scrollLeft" || name == "rr_scrollTop" { continue }
                    tree[target].removeExtra(name)
                } else {
                    tree[target].removeAttribute(name)
                }
            case .string(let text):
                let tagName = tree[target].tagName
                if name == "_cssText", tagName == "link" || tagName == "style" {
                    rebuildStyle(target, merging: change.attributes, &tree)
                    return
                }
                if name == "value", tagName == "textarea" {
                    for child in tree[target].children { tree.detach(child) }
                    let node = tree.create(DOMNode(textWithoutId: text))
                    tree.insert(node, into: target, shadow: false, before: nil)
                } else if name.hasPrefix("rr_") || name == "_cssText" {
                    tree[target].setExtra(name, value)
                } else {
                    tree[target].setAttribute(name, text)
                }
            case .object(let diff) where name == "style":
                var style = InlineStyle(tree[target].attribute("style") ?? "")
                for (property, setting) in diff.members {
                    switch setting {
                    case .bool(false): style.remove(property)
                    case .array(let parts):
                        style.set(property, parts.first?.stringValue ?? "", important: parts.count > 1 && parts[1].stringValue == "important")
                    case .string(let text): style.set(property, text, important: false)
                    default: style.set(property, JSONWriter.canonicalString(setting), important: false)
                    }
                }
                tree[target].setAttribute("style", style.text)
            default:
                // rrweb only applies strings, null and style diffs.
                continue
            }
        }
    }

    /// A `_cssText` mutation on a `<link>`/`<style>`: rebuild the element from its meta merged with the new attributes, in place.
    private func rebuildStyle(_ target: NodeHandle, merging attributes: JSONObject, _ tree: inout DOMArena) {
        guard case .element(var meta)? = tree[target].meta else { return }
        for (name, value) in attributes.members { meta.attributes[name] = value }
        var serialized = SerializedNode(type: .element, id: tree[target].id, tagName: meta.tagName, attributes: meta.attributes, isSVG: meta.isSVG ? true : nil)
        if meta.hadChildren { serialized.childNodes = [SerializedNode.text(id: -2, "")] }
        var iframes: [NodeHandle] = []
        let parent = tree[target].parent
        let shadow = tree[target].inShadow
        let sibling = tree.nextSibling(target)
        let rebuilt = tree.build(serialized, skipChildren: true, reuse: false, iframes: &iframes)
        tree[rebuilt].meta = .element(meta)
        if parent >= 0 {
            tree.detach(target)
            tree.insert(rebuilt, into: parent, shadow: shadow, before: sibling)
        }
        tree.map(tree[target].id, to: rebuilt)
    }

    // MARK: - Other sources

    /// An Input event sets the node's current value; on a node the DOM does not hold it is a finding, as rrweb's replayer reports it (`debugNodeNotFound`).
    ///
    /// Id -1 is skipped without one: rrweb records it for an input fired on a node it never
    /// serialized (set by a script), and its replayer skips it as no user interaction.
    private func applyInput(_ input: Input, _ tree: inout DOMArena) {
        guard input.id != -1 else { return }
        guard let target = tree.lookup(input.id) else {
            report(.unknownNode, "data.id: input on unknown node \(input.id); value not applied")
            return
        }
        tree[target].currentValue = input.text
        tree[target].currentChecked = input.isChecked
    }

    /// A Scroll event sets the node's scroll position; on a node the DOM does not hold it is a finding, as for Input.
    private func applyScroll(_ scroll: Scroll, _ tree: inout DOMArena) {
        guard let target = tree.lookup(scroll.id) else {
            report(.unknownNode, "data.id: scroll on unknown node \(scroll.id); position not applied")
            return
        }
        tree[target].scroll = (scroll.x, scroll.y)
    }
}

/// A built node whose add named siblings (legacy `previousId`/`nextId`, 0 when absent or null), as rrweb's legacy resolution needs it.
private struct LegacySiblings {
    var handle: NodeHandle
    var previousId: Int
    var nextId: Int
}
