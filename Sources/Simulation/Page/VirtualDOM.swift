import Markup
import ScenarioLanguage

/// A rectangle in CSS pixels, relative to the top-left of the top document.
struct Box: Sendable, Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The centre point.
    var center: (x: Double, y: Double) { (x + width / 2, y + height / 2) }

    func contains(_ px: Double, _ py: Double) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }

    static let zero = Box(x: 0, y: 0, width: 0, height: 0)
}

/// One node of the page as the recorder's mirror sees it; its index in `VirtualDOM.nodes` is its rrweb id.
struct VNode {
    enum Kind { case document, doctype, element, text, comment }

    var kind: Kind
    var tag = ""
    var attributes: [HTMLAttribute] = []
    var text = ""
    /// The parent's id; the host for shadow children, the iframe for a frame's document; 0 for the top document.
    var parent = 0
    var children: [Int] = []
    var shadowChildren: [Int] = []
    var hasShadowRoot = false
    var isShadowChild = false
    /// For an iframe element, the id of its content document (0 when none or not yet attached).
    var contentDocument = 0
    /// The id of the document that owns the node.
    var owner = 1
    var isSVG = false
    /// Layout classes, fixed by the tag when the node is made.
    var isInvisible = false
    var isInline = false
    var isTextSized = false
    var layoutKind = LayoutKind.other
    /// For text nodes, `VirtualDOM.collapsedLength(text)`, kept in step with `text`.
    var textLength = 0
    /// The element has a `hidden` attribute.
    var isHidden = false
    /// For an iframe, it shows a page of another origin than the top document (its recorder cannot read it).
    var isCrossOriginFrame = false

    /// The tags layout treats specially, decided once from the tag name (so laying out compares no tag names).
    enum LayoutKind: UInt8 {
        case other, input, button, select, textarea, img, h1, h2, h3, li, p, iframe, list, form, table, body, html

        init(_ tag: String) {
            switch tag {
            case "input": self = .input
            case "button": self = .button
            case "select": self = .select
            case "textarea": self = .textarea
            case "img": self = .img
            case "h1": self = .h1
            case "h2": self = .h2
            case "h3": self = .h3
            case "table": self = .table
            case "li": self = .li
            case "p": self = .p
            case "iframe": self = .iframe
            case "ul", "ol": self = .list
            case "form": self = .form
            case "body": self = .body
            case "html": self = .html
            default: self = .other
            }
        }
    }
    var alive = true
    /// Something in the node's subtree changed since the layout last placed it (new nodes too);
    /// a clean node laid out from the same place keeps its boxes (see `FlowLayout`).
    var needsLayout = true
    /// For an inline element, the width available to it when it was last laid out.
    var layoutWidth = 0.0
    /// Whether the markup checks the control; form values, and checkedness a person changes, are
    /// kept by the DOM (`VirtualDOM.value(of:)`, `VirtualDOM.isChecked(_:)`).
    var initiallyChecked = false
    var box = Box.zero

    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    mutating func setAttribute(_ name: String, _ value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append(HTMLAttribute(name: name, value: value))
        }
    }
}

/// The page's DOM with stable rrweb node ids, a simple box layout, and selector queries.
///
/// Ids are assigned in document order (light children, then shadow children),
/// and iframe documents after the document that holds them, as rrweb does when
/// it snapshots a page and then attaches each loaded frame.
struct VirtualDOM {
    private(set) var nodes: [VNode] = [VNode(kind: .document, alive: false)]
    /// Iframe element ids whose content documents were attached, in attach order.
    private(set) var attachedFrames: [Int] = []
    /// The absolute `src` URLs of iframes that show nothing: where a declared page could be shown (see `FrameContent`).
    private(set) var emptyFrameSources: [String] = []
    private(set) var viewport: Viewport
    let url: String
    /// Bumped on every change; caches compare it.
    private(set) var version = 0
    /// Bumped when an attribute of an existing node is set or removed.
    private(set) var attributeVersion = 0
    /// The node whose attribute changed last (when `attributeVersion` was last bumped), -1 before any change.
    private(set) var lastAttributeChange = -1
    /// Form values by node id (the markup's, where not empty, then each one set), and checkedness set
    /// since the page was built: kept out of `nodes`, whose storage a page from `PageCache` shares, so
    /// that filling in a form does not copy every node, and a node copied or freed has one string less.
    private var formValues: [Int: String] = [:]
    private var changedChecks: [Int: Bool] = [:]
    /// A form value was set since the page was built.
    private var valuesChanged = false
    /// The first element with each `id` attribute; built with the page (so cached pages carry it),
    /// dropped when an added element repeats an id or ids change, and checked on use, since removed
    /// nodes stay in `nodes`.
    private var idIndex: [String: Int]?
    private var pendingFrames: [(iframe: Int, document: HTMLDocument)] = []
    /// Bumped only by changes that can move boxes: structure, text, and the attributes layout reads.
    private var geometryVersion = 0
    private var layoutVersion = -1
    /// The hit test's search tables for the current layout.
    private var hitTesting = HitTest()
    /// Answers to selector queries in the DOM's current state, shared with every DOM in the same state
    /// (`SelectorAnswers`); every change selectors can see moves it on.
    private var answers = SelectorAnswers()

    /// Builds the mirror of a parsed page; the top document gets id 1.
    init(document: HTMLDocument, url: String, viewport: Viewport) {
        self.url = url
        self.viewport = viewport
        let root = appendNode(VNode(kind: .document, parent: 0, owner: 1))
        for child in document.children {
            let id = build(child, parent: root, owner: root, shadow: false, svg: false)
            if id != 0 { nodes[root].children.append(id) }
        }
        attachPendingFrames()
        bodyId = findBody()
        idIndex = firstElementById()
        layout()
    }

    /// The node with this id, read in place (a coroutine accessor, so reading one field copies nothing).
    subscript(id: Int) -> VNode {
        _read { yield nodes[id] }
    }

    var count: Int { nodes.count }

    private mutating func appendNode(_ node: VNode) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    /// Adds `html` and its subtree, returning the new id (0 for nodes the mirror skips).
    private mutating func build(_ html: HTMLNode, parent: Int, owner: Int, shadow: Bool, svg: Bool) -> Int {
        switch html {
        case .doctype(let name):
            return appendNode(VNode(kind: .doctype, text: name, parent: parent, isShadowChild: shadow, owner: owner))
        case .text(let text):
            return appendNode(VNode(kind: .text, text: text, parent: parent, isShadowChild: shadow, owner: owner, textLength: VirtualDOM.collapsedLength(text)))
        case .comment(let text):
            return appendNode(VNode(kind: .comment, text: text, parent: parent, isShadowChild: shadow, owner: owner))
        case .element(let element):
            let isSVG = svg || element.tagName == "svg"
            let classes = VirtualDOM.layoutClasses[element.tagName]
            // Made in one initializer call, straight into the list: a node changed field by field is copied on its way in (each field retained).
            let id = appendNode(VNode(
                kind: .element, tag: element.tagName, attributes: element.attributes, parent: parent,
                hasShadowRoot: element.shadowRoot != nil, isShadowChild: shadow, owner: owner, isSVG: isSVG,
                isInvisible: classes?.isInvisible ?? false, isInline: classes?.isInline ?? false,
                isTextSized: classes?.isTextSized ?? false, layoutKind: VNode.LayoutKind(element.tagName),
                isHidden: element.hasAttribute("hidden"), initiallyChecked: element.hasAttribute("checked")))
            for child in element.children {
                let childId = build(child, parent: id, owner: owner, shadow: false, svg: isSVG)
                if childId != 0 { nodes[id].children.append(childId) }
            }
            if let root = element.shadowRoot {
                for child in root.children {
                    let childId = build(child, parent: id, owner: owner, shadow: true, svg: isSVG)
                    if childId != 0 { nodes[id].shadowChildren.append(childId) }
                }
            }
            let value: String
            switch element.tagName {
            case "input": value = element.attribute("value") ?? ""
            case "textarea": value = element.textContent
            case "select": value = selectedOptionValue(of: id)
            default: value = ""
            }
            if !value.isEmpty { formValues[id] = value }
            if element.tagName == "iframe", let document = element.contentDocument {
                pendingFrames.append((id, document))
                if !element.hasAttribute("srcdoc"), let src = element.attribute("src") {
                    nodes[id].isCrossOriginFrame = URLResolver.origin(of: URLResolver.absolute(src, base: url)) != URLResolver.origin(of: url)
                }
            } else if element.tagName == "iframe", let src = element.attribute("src") {
                emptyFrameSources.append(URLResolver.absolute(src, base: url))
            }
            return id
        }
    }

    /// Gives each pending iframe its content document, with ids after everything built so far.
    private mutating func attachPendingFrames() {
        while !pendingFrames.isEmpty {
            let (iframe, document) = pendingFrames.removeFirst()
            let documentId = appendNode(VNode(kind: .document, parent: iframe, owner: 0))
            nodes[documentId].owner = documentId
            for child in document.children {
                let id = build(child, parent: documentId, owner: documentId, shadow: false, svg: false)
                if id != 0 { nodes[documentId].children.append(id) }
            }
            nodes[iframe].contentDocument = documentId
            attachedFrames.append(iframe)
        }
    }

    // MARK: - Reading

    /// Every option under a select, in order.
    func options(of select: Int) -> [Int] {
        var result: [Int] = []
        var stack = Array(nodes[select].children.reversed())
        while let id = stack.popLast() {
            if nodes[id].tag == "option" { result.append(id) }
            stack.append(contentsOf: nodes[id].children.reversed())
        }
        return result
    }

    /// An option's value: its `value` attribute, or its text.
    func optionValue(_ option: Int) -> String {
        nodes[option].attribute("value") ?? textContent(of: option)
    }

    private func selectedOptionValue(of select: Int) -> String {
        let all = options(of: select)
        let chosen = all.first { nodes[$0].attribute("selected") != nil } ?? all.first
        return chosen.map(optionValue) ?? ""
    }

    /// The concatenated text of a node's light-DOM descendants.
    func textContent(of id: Int) -> String {
        if nodes[id].kind == .text { return nodes[id].text }
        var result = ""
        for child in nodes[id].children { result += textContent(of: child) }
        return result
    }

    /// The last text node with visible characters among a node's light-DOM descendants, where a caret put at the end sits.
    func lastTextNode(in id: Int) -> Int? {
        if nodes[id].kind == .text { return nodes[id].text.contains { !$0.isWhitespace } ? id : nil }
        for child in nodes[id].children.reversed() {
            if let found = lastTextNode(in: child) { return found }
        }
        return nil
    }

    /// The element's parent in the flattened tree: the host for shadow children, the iframe for a frame's nodes.
    func parentElement(of id: Int) -> Int? {
        var current = nodes[id].parent
        while current != 0 {
            if nodes[current].kind == .element { return current }
            current = nodes[current].parent
        }
        return nil
    }

    /// The top document's `<body>`, html element, or the document; found once, as it never moves.
    private(set) var bodyId = 1

    private func findBody() -> Int {
        var stack = [1]
        while let id = stack.popLast() {
            if nodes[id].tag == "body" { return id }
            stack.append(contentsOf: nodes[id].children.reversed())
            if stack.count > 10_000 { break }
        }
        return 1
    }

    /// Every live id under `id` (excluded), in document order, including shadow and frame content.
    func descendants(of id: Int) -> [Int] {
        var result: [Int] = []
        func walk(_ node: Int) {
            for child in nodes[node].children { result.append(child); walk(child) }
            for child in nodes[node].shadowChildren { result.append(child); walk(child) }
            if nodes[node].contentDocument != 0 { result.append(nodes[node].contentDocument); walk(nodes[node].contentDocument) }
        }
        walk(id)
        return result
    }

    // MARK: - Queries

    /// A selector that is one `#id`, `.class` or tag name, which is answered by a scan instead of an index.
    private enum SimpleSelector {
        case id(String), className(String), tag(String)

        init?(_ selector: String) {
            // Read as contiguous bytes (a scenario's selectors are native strings): going through the
            // string's views byte by byte and character by character cost several hundred instructions a query.
            let parsed = selector.utf8.withContiguousStorageIfAvailable { SimpleSelector.parse($0) } ?? SimpleSelector.parse(Array(selector.utf8))
            guard let parsed else { return nil }
            self = parsed
        }

        /// The simple selector spelled by `bytes`, or nil when they are not one `#id`, `.class` or tag name.
        private static func parse(_ bytes: some RandomAccessCollection<UInt8>) -> SimpleSelector? {
            guard let first = bytes.first else { return nil }
            let name = bytes.dropFirst(first == UInt8(ascii: "#") || first == UInt8(ascii: ".") ? 1 : 0)
            guard !name.isEmpty, name.allSatisfy(isNameByte) else { return nil }
            let text = String(decoding: name, as: UTF8.self)
            switch first {
            case UInt8(ascii: "#"): return .id(text)
            case UInt8(ascii: "."): return .className(text)
            default: return .tag(text.lowercased())
            }
        }

        /// An ASCII letter, digit, hyphen or underscore.
        private static func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
        }
    }

    /// Live elements in the order selector queries use: each element, its frame document, its shadow
    /// root, then its light children. `visit` returns false to stop.
    private func elementsInOrder(_ visit: (Int) -> Bool) {
        _ = walkElements(nodes[1].children, visit)
    }

    private func walkElements(_ list: [Int], _ visit: (Int) -> Bool) -> Bool {
        for id in list where nodes[id].kind == .element {
            if !visit(id) { return false }
            let document = nodes[id].contentDocument
            if document != 0, !walkElements(nodes[document].children, visit) { return false }
            if nodes[id].hasShadowRoot, !walkElements(nodes[id].shadowChildren, visit) { return false }
            if !walkElements(nodes[id].children, visit) { return false }
        }
        return true
    }

    private static func matches(_ simple: SimpleSelector, _ node: borrowing VNode) -> Bool {
        switch simple {
        case .id(let name): return node.attribute("id") == name
        case .tag(let name): return node.tag == name
        case .className(let name):
            guard let classes = node.attribute("class") else { return false }
            return VirtualDOM.classList(classes, contains: name)
        }
    }

    /// Whether `name` (ASCII, as a `SimpleSelector` has it) is one of the words of `classes` split at
    /// the Characters space, tab and line feed.
    ///
    /// An ASCII list is compared byte by byte: there every byte is a Character except "\r\n", so a
    /// line feed after a carriage return does not split. Other lists are split as Characters.
    static func classList(_ classes: String, contains name: String) -> Bool {
        var classes = classes
        var name = name
        let asciiAnswer = classes.withUTF8 { list -> Bool? in
            guard list.allSatisfy({ $0 < 0x80 }) else { return nil }
            return name.withUTF8 { wanted -> Bool in
                var start = 0
                for index in 0...list.count {
                    if index < list.count {
                        let byte = list[index]
                        let splits = byte == 0x20 || byte == 0x09 || (byte == 0x0A && (index == 0 || list[index - 1] != 0x0D))
                        if !splits { continue }
                    }
                    if index - start == wanted.count, list[start..<index].elementsEqual(wanted) { return true }
                    start = index + 1
                }
                return false
            }
        }
        if let asciiAnswer { return asciiAnswer }
        return classes.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).contains { $0 == name }
    }

    /// The ids of every element matching `selector`, in document order, through shadow roots and frames.
    mutating func select(_ selector: String) -> [Int] {
        if let known = answers.all(selector) { return known }
        let found = matching(selector)
        answers.storeAll(selector, found)
        return found
    }

    /// The first element matching `selector`.
    mutating func first(_ selector: String) -> Int? {
        if let known = answers.first(selector) { return known }
        let found = firstMatching(selector)
        answers.storeFirst(selector, found)
        return found
    }

    /// Every element matching `selector`, found by walking the elements.
    private func matching(_ selector: String) -> [Int] {
        // The closures read these copies, made once, instead of `self`, which they would copy per element.
        let nodes = nodes
        if let simple = SimpleSelector(selector) {
            var result: [Int] = []
            elementsInOrder { id in
                if VirtualDOM.matches(simple, nodes[id]) { result.append(id) }
                return true
            }
            return result
        }
        guard let parsed = SelectorCache.shared.parsed(selector) else { return [] }
        let tree = self
        var result: [Int] = []
        elementsInOrder { id in
            if parsed.matches(id, in: tree) { result.append(id) }
            return true
        }
        return result
    }

    /// The first element matching `selector`, found through the id index or by walking the elements.
    private mutating func firstMatching(_ selector: String) -> Int? {
        if case .id(let name)? = SimpleSelector(selector) {
            if let index = idIndex, let found = index[name], isConnected(found), nodes[found].attribute("id") == name { return found }
            if let index = idIndex, index[name] == nil { return nil }
            let ids = firstElementById()
            idIndex = ids
            return ids[name]
        }
        // The closures read these copies, made once, instead of `self`, which they would copy per element.
        let nodes = nodes
        if let simple = SimpleSelector(selector) {
            var found: Int?
            elementsInOrder { id in
                if VirtualDOM.matches(simple, nodes[id]) { found = id; return false }
                return true
            }
            return found
        }
        guard let parsed = SelectorCache.shared.parsed(selector) else { return nil }
        let tree = self
        var found: Int?
        elementsInOrder { id in
            if parsed.matches(id, in: tree) { found = id; return false }
            return true
        }
        return found
    }

    /// The first live element with each `id` attribute, in query order.
    private func firstElementById() -> [String: Int] {
        var ids: [String: Int] = [:]
        let nodes = nodes
        elementsInOrder { id in
            if let value = nodes[id].attribute("id"), ids[value] == nil { ids[value] = id }
            return true
        }
        return ids
    }

    /// Whether the node is still in the document (not removed, not inside a removed subtree).
    func isConnected(_ id: Int) -> Bool {
        var current = id
        while current != 1 {
            guard nodes[current].alive else { return false }
            let parent = nodes[current].parent
            if parent == 0 { return false }
            let inParent = nodes[current].isShadowChild ? nodes[parent].shadowChildren.contains(current) : (nodes[parent].children.contains(current) || nodes[parent].contentDocument == current)
            if !inParent { return false }
            current = parent
        }
        return true
    }

    // MARK: - Editing

    /// Parses `html` and appends its nodes to `parent`, returning the new top-level ids and attached frames.
    mutating func append(html: String, to parent: Int) -> (added: [Int], frames: [Int]) {
        let fragment = FragmentCache.shared.parsed(html)
        let firstNew = nodes.count
        let framesBefore = attachedFrames.count
        var added: [Int] = []
        let owner = nodes[parent].kind == .document ? parent : nodes[parent].owner
        for child in fragment.children {
            let id = build(child, parent: parent, owner: owner, shadow: false, svg: nodes[parent].isSVG)
            if id != 0 { nodes[parent].children.append(id); added.append(id) }
        }
        attachPendingFrames()
        // New ids go into the id index unless one repeats an existing id, whose first occurrence
        // in document order would then need a rescan.
        if idIndex != nil {
            for id in firstNew..<nodes.count where nodes[id].kind == .element {
                guard let value = nodes[id].attribute("id") else { continue }
                if idIndex?[value] == nil { idIndex?[value] = id } else { idIndex = nil; break }
            }
        }
        invalidateLayout(from: parent)
        geometryVersion += 1
        version += 1
        answers = answers.after(.append(parent: parent, html: html))
        return (added, Array(attachedFrames[framesBefore...]))
    }

    /// Creates a text node under `parent` (appended).
    mutating func appendText(_ text: String, to parent: Int) -> Int {
        // Made in one initializer call, straight into the list, as `build` makes nodes.
        let id = appendNode(VNode(kind: .text, text: text, parent: parent, owner: nodes[parent].owner, isSVG: nodes[parent].isSVG, textLength: VirtualDOM.collapsedLength(text)))
        nodes[parent].children.append(id)
        invalidateLayout(from: parent)
        geometryVersion += 1
        version += 1
        answers = answers.after(.appendText(parent: parent))
        return id
    }

    /// Detaches `id` from its parent; the node and its subtree stay in `nodes` but are no longer alive.
    mutating func detach(_ id: Int) {
        let parent = nodes[id].parent
        if nodes[id].isShadowChild {
            nodes[parent].shadowChildren.removeAll { $0 == id }
        } else {
            nodes[parent].children.removeAll { $0 == id }
        }
        invalidateLayout(from: parent)
        geometryVersion += 1
        version += 1
        answers = answers.after(.detach(id))
    }

    /// Marks a detached subtree as gone.
    mutating func kill(_ id: Int) {
        nodes[id].alive = false
        for child in descendants(of: id) { nodes[child].alive = false }
        answers = answers.after(.kill(id))
    }

    /// Appends a detached node to a new parent's light children.
    mutating func reattach(_ id: Int, to parent: Int) {
        idIndex = nil
        nodes[id].parent = parent
        nodes[id].isShadowChild = false
        nodes[parent].children.append(id)
        invalidateLayout(from: parent)
        geometryVersion += 1
        version += 1
        answers = answers.after(.reattach(id, parent: parent))
    }

    /// Changes a node's text; selector answers stay, as no selector reads text.
    mutating func setText(_ id: Int, _ text: String) {
        nodes[id].text = text
        nodes[id].textLength = VirtualDOM.collapsedLength(text)
        invalidateLayout(from: id)
        geometryVersion += 1
        version += 1
    }

    mutating func setAttribute(_ id: Int, _ name: String, _ value: String) {
        nodes[id].setAttribute(name, value)
        attributeVersion += 1
        lastAttributeChange = id
        answers = answers.after(.setAttribute(id, name: name, value: value))
        if name == "hidden" { nodes[id].isHidden = true }
        if name == "id" { idIndex = nil }
        if VirtualDOM.geometryAttributes.contains(name) {
            invalidateLayout(from: id)
            geometryVersion += 1
        }
        version += 1
    }

    /// The attributes the layout reads.
    static let geometryAttributes: Set<String> = ["hidden", "type", "value", "rows", "width", "height"]

    @discardableResult
    mutating func removeAttribute(_ id: Int, _ name: String) -> Bool {
        let before = nodes[id].attributes.count
        nodes[id].attributes.removeAll { $0.name == name }
        if name == "hidden" { nodes[id].isHidden = false }
        if name == "id" { idIndex = nil }
        if nodes[id].attributes.count != before {
            attributeVersion += 1
            lastAttributeChange = id
            answers = answers.after(.removeAttribute(id, name: name))
            if VirtualDOM.geometryAttributes.contains(name) {
                invalidateLayout(from: id)
                geometryVersion += 1
            }
            version += 1
            return true
        }
        return false
    }

    mutating func setValue(_ id: Int, _ value: String) { formValues[id] = value; valuesChanged = true }
    mutating func setChecked(_ id: Int, _ checked: Bool) { changedChecks[id] = checked }

    /// A form control's value: the last one set, else the one it started with.
    func value(of id: Int) -> String { formValues[id] ?? "" }

    /// Whether a checkbox or radio is checked: as last set, else as it started.
    func isChecked(_ id: Int) -> Bool { changedChecks[id] ?? nodes[id].initiallyChecked }

    /// Nothing changed since the page loaded: no mutation and no form state.
    var isPristine: Bool { version == 0 && !valuesChanged && changedChecks.isEmpty }

    // MARK: - Layout

    static let inlineTags: Set<String> = ["a", "span", "label", "b", "i", "em", "strong", "code", "small", "abbr", "img", "button", "input", "select", "sup", "sub", "u", "mark", "time"]
    static let invisibleTags: Set<String> = ["head", "title", "meta", "link", "style", "script", "template", "noscript", "base"]

    /// Lays the page out again if it changed since the last layout.
    mutating func ensureLayout() {
        if layoutVersion != geometryVersion { layout() }
    }

    /// Changes the viewport the page is laid out in (a window resize); boxes follow on the next query.
    mutating func resize(to viewport: Viewport) {
        self.viewport = viewport
        layoutAfresh = true
        geometryVersion += 1
    }

    /// The next layout starts from nothing (every box cleared, every node unclean), as the first one does.
    private var layoutAfresh = false

    /// Marks `id` and every node above it (through shadow hosts and frames) as needing layout.
    private mutating func invalidateLayout(from id: Int) {
        var current = id
        while current != 0 {
            nodes[current].needsLayout = true
            current = nodes[current].parent
        }
    }

    /// The element's box, laying the page out again if it changed since the last call.
    mutating func box(of id: Int) -> Box {
        if layoutVersion != geometryVersion { layout() }
        return nodes[id].box
    }

    /// A plain flow layout: block elements stack, inline elements sit on lines, form controls have fixed sizes.
    ///
    /// Incremental: only what changed (`needsLayout`) or moved is laid out again, with the same boxes
    /// as laying out the whole page.
    mutating func layout() {
        layoutVersion = geometryVersion
        FlowLayout.layOut(&nodes, viewport: viewport, afresh: layoutAfresh)
        hitTesting.layoutChanged()
        layoutAfresh = false
    }

    /// How many characters a text shows once white space collapses (a fast approximation by UTF-8 lead bytes).
    ///
    /// The bytes are read from the string's contiguous storage (`withUTF8`): iterating `utf8` costs
    /// several times as much a byte, and contenteditable typing measures the text node at every keystroke.
    static func collapsedLength(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            var pendingSpace = false
            for byte in bytes {
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                    pendingSpace = count > 0
                    continue
                }
                if byte & 0xC0 == 0x80 { continue }
                if pendingSpace { count += 1; pendingSpace = false }
                count += 1
            }
            return count
        }
    }

    /// `invisibleTags`, `inlineTags` and `textSizedTags` in one table, for the tags in any of them: a new
    /// element looks its tag up once rather than hashing it for each set.
    static let layoutClasses: [String: (isInvisible: Bool, isInline: Bool, isTextSized: Bool)] = {
        var table: [String: (isInvisible: Bool, isInline: Bool, isTextSized: Bool)] = [:]
        for tag in invisibleTags.union(inlineTags).union(textSizedTags) {
            table[tag] = (invisibleTags.contains(tag), inlineTags.contains(tag), textSizedTags.contains(tag))
        }
        return table
    }()

    static let textSizedTags: Set<String> = ["a", "span", "label", "b", "i", "em", "strong", "code", "small", "abbr", "sup", "sub", "u", "mark", "time"]

    /// The deepest visible element under a point, or the body.
    mutating func hitTest(x: Double, y: Double) -> Int {
        if layoutVersion != geometryVersion { layout() }
        let current = hitTesting.deepestNode(x: x, y: y, in: nodes)
        if nodes[current].kind == .document { return current == 1 ? bodyId : current }
        return current
    }
}
