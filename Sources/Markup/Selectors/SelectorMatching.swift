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
        for entry in entries.indices where selector.matches(entry, in: self) {
            result.append(MatchedElement(path: entries[entry].path, element: entries[entry].element))
        }
        return result
    }

    /// The first element matching `selector` in document order, like `querySelector`.
    public func first(_ selector: CSSSelector) -> MatchedElement? {
        for entry in entries.indices where selector.matches(entry, in: self) {
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
}

/// The index's entries seen as a tree, so selectors are matched the one way `ElementTree` defines.
extension ElementIndex: ElementTree {
    public func tagName(of element: Int) -> String { entries[element].element.tagName }

    public func attribute(_ name: String, of element: Int) -> String? { entries[element].element.attribute(name) }

    public func hasOnlyCommentChildren(_ element: Int) -> Bool {
        entries[element].element.children.allSatisfy { if case .comment = $0 { return true }; return false }
    }

    public func parent(of element: Int) -> Int? { entries[element].parent }

    public func previousSibling(of element: Int) -> Int? { entries[element].previousSibling }

    public func siblingPosition(of element: Int) -> SiblingPosition {
        let entry = entries[element]
        return SiblingPosition(position: entry.position, siblingCount: entry.siblingCount, typePosition: entry.typePosition, typeCount: entry.typeCount)
    }
}
