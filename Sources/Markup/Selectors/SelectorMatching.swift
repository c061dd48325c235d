/// An element found by a query, with where it sits in the document.
public struct MatchedElement: Sendable, Equatable {
    /// Where the element is, for reading or editing it later.
    public var path: NodePath
    /// A copy of the element as it was when matched.
    public var element: HTMLElement
}

/// How far a query looks beyond the light DOM of the document.
public struct QueryOptions: Sendable, Equatable {
    /// Whether elements inside shadow roots are found (their host counts as their parent).
    public var piercesShadowRoots: Bool
    /// Whether elements inside iframe documents are found (the iframe counts as their parent).
    public var entersFrames: Bool

    /// Creates options.
    public init(piercesShadowRoots: Bool, entersFrames: Bool) {
        self.piercesShadowRoots = piercesShadowRoots
        self.entersFrames = entersFrames
    }

    /// Exactly `document.querySelectorAll`: light DOM of this document only.
    public static let lightDOM = QueryOptions(piercesShadowRoots: false, entersFrames: false)
    /// Like test tools (Playwright): through open and closed shadow roots and into srcdoc frames.
    public static let piercing = QueryOptions(piercesShadowRoots: true, entersFrames: true)
}

extension HTMLDocument {
    /// Every element matching `selector`, in document order.
    ///
    /// Each call indexes the document; to run many queries on one unchanged
    /// document, make an `ElementIndex` once.
    public func select(_ selector: CSSSelector, options: QueryOptions = .piercing) -> [MatchedElement] {
        ElementIndex(self, options: options).select(selector)
    }

    /// Every element in document order (as `select("*")` would give), with its path.
    public func allElements(options: QueryOptions = .piercing) -> [MatchedElement] {
        ElementIndex(self, options: options).elements
    }
}

/// A flat, document-ordered view of a document's elements with their family links, for running
/// many selector queries against one unchanged document.
///
/// ```swift
/// let index = ElementIndex(document)
/// let inputs = index.select(try CSSSelector("form input"))
/// ```
public struct ElementIndex: Sendable {
    struct Entry: Sendable {
        var element: HTMLElement
        var path: NodePath
        var parent: Int?
        var previousSibling: Int?
        /// 1-based position among element siblings, and their count.
        var position: Int
        var siblingCount: Int
        var typePosition: Int
        var typeCount: Int
    }

    private(set) var entries: [Entry] = []

    /// Indexes `document`, looking into shadow roots and frames as `options` say.
    public init(_ document: HTMLDocument, options: QueryOptions = .piercing) {
        add(document.children, under: nil, path: NodePath(), options: options)
    }

    /// Every element in document order, with its path.
    public var elements: [MatchedElement] {
        entries.map { MatchedElement(path: $0.path, element: $0.element) }
    }

    /// Every element matching `selector`, in document order.
    public func select(_ selector: CSSSelector) -> [MatchedElement] {
        var result: [MatchedElement] = []
        for entry in entries.indices where matches(selector, entry) {
            result.append(MatchedElement(path: entries[entry].path, element: entries[entry].element))
        }
        return result
    }

    /// The first element matching `selector` in document order, like `querySelector`.
    public func first(_ selector: CSSSelector) -> MatchedElement? {
        for entry in entries.indices where matches(selector, entry) {
            return MatchedElement(path: entries[entry].path, element: entries[entry].element)
        }
        return nil
    }

    private mutating func add(_ nodes: [HTMLNode], under parent: Int?, path: NodePath, options: QueryOptions) {
        var siblings: [Int] = []
        for (offset, node) in nodes.enumerated() {
            guard case .element(let element) = node else { continue }
            let childPath = path.appending(.child(offset))
            let entry = Entry(element: element, path: childPath, parent: parent, previousSibling: siblings.last, position: siblings.count + 1, siblingCount: 0, typePosition: 0, typeCount: 0)
            entries.append(entry)
            let me = entries.count - 1
            siblings.append(me)
            if options.entersFrames, let document = element.contentDocument {
                add(document.children, under: me, path: childPath.appending(.contentDocument), options: options)
            }
            if options.piercesShadowRoots, let root = element.shadowRoot {
                add(root.children, under: me, path: childPath.appending(.shadowRoot), options: options)
            }
            add(element.children, under: me, path: childPath, options: options)
        }
        var typeCounts: [String: Int] = [:]
        for sibling in siblings {
            entries[sibling].siblingCount = siblings.count
            let tag = entries[sibling].element.tagName
            typeCounts[tag, default: 0] += 1
            entries[sibling].typePosition = typeCounts[tag]!
        }
        for sibling in siblings {
            entries[sibling].typeCount = typeCounts[entries[sibling].element.tagName]!
        }
    }

    func matches(_ selector: CSSSelector, _ entry: Int) -> Bool {
        selector.alternatives.contains { matches($0, compoundIndex: $0.compounds.count - 1, entry) }
    }

    private func matches(_ complex: ComplexSelector, compoundIndex: Int, _ entry: Int) -> Bool {
        guard matches(complex.compounds[compoundIndex], entry) else { return false }
        if compoundIndex == 0 { return true }
        switch complex.combinators[compoundIndex - 1] {
        case .child:
            guard let parent = entries[entry].parent else { return false }
            return matches(complex, compoundIndex: compoundIndex - 1, parent)
        case .descendant:
            var ancestor = entries[entry].parent
            while let current = ancestor {
                if matches(complex, compoundIndex: compoundIndex - 1, current) { return true }
                ancestor = entries[current].parent
            }
            return false
        case .nextSibling:
            guard let previous = entries[entry].previousSibling else { return false }
            return matches(complex, compoundIndex: compoundIndex - 1, previous)
        case .subsequentSibling:
            var sibling = entries[entry].previousSibling
            while let current = sibling {
                if matches(complex, compoundIndex: compoundIndex - 1, current) { return true }
                sibling = entries[current].previousSibling
            }
            return false
        }
    }

    private func matches(_ compound: CompoundSelector, _ entry: Int) -> Bool {
        let element = entries[entry].element
        if let tag = compound.tag, tag != element.tagName { return false }
        for test in compound.tests where !passes(test, entry, element) { return false }
        return true
    }

    private func passes(_ test: SimpleTest, _ entry: Int, _ element: HTMLElement) -> Bool {
        let info = entries[entry]
        switch test {
        case .id(let id): return element.id == id
        case .className(let name): return element.classList.contains(name)
        case .attribute(let name, let op, let expected, let caseInsensitive):
            guard var value = element.attribute(name) else { return false }
            var expected = expected
            if caseInsensitive { value = value.lowercased(); expected = expected.lowercased() }
            switch op {
            case .exists: return true
            case .equals: return value == expected
            case .includes: return value.split(separator: " ").contains { $0 == expected }
            case .dashMatch: return value == expected || value.hasPrefix(expected + "-")
            case .prefix: return !expected.isEmpty && value.hasPrefix(expected)
            case .suffix: return !expected.isEmpty && value.hasSuffix(expected)
            case .substring: return !expected.isEmpty && value.contains(expected)
            }
        case .firstChild: return info.position == 1
        case .lastChild: return info.position == info.siblingCount
        case .onlyChild: return info.siblingCount == 1
        case .firstOfType: return info.typePosition == 1
        case .lastOfType: return info.typePosition == info.typeCount
        case .empty: return element.children.allSatisfy { if case .comment = $0 { return true }; return false }
        case .checked: return element.hasAttribute("checked") || element.hasAttribute("selected")
        case .disabled: return element.hasAttribute("disabled")
        case .enabled: return ["input", "button", "select", "textarea", "option"].contains(element.tagName) && !element.hasAttribute("disabled")
        case .root: return info.parent == nil && element.tagName == "html"
        case .nthChild(let a, let b):
            let n = info.position - b
            if a == 0 { return n == 0 }
            return n % a == 0 && n / a >= 0
        case .not(let list):
            return !list.contains { matches($0, compoundIndex: $0.compounds.count - 1, entry) }
        }
    }
}
