/// A tree of elements that selectors can be matched against in place, without copying it into an `HTMLDocument`.
///
/// `ElementIndex` is one; a DOM kept in another shape (such as a recorder's mirror) can be
/// another, and gets the same answers as `ElementIndex` on the equivalent document as long
/// as it reports the same family links.
///
/// ```swift
/// if selector.matches(element, in: tree) { ... }
/// ```
public protocol ElementTree {
    /// How the tree names one of its elements.
    associatedtype Element

    /// The element's tag name, lowercased as the parser gives it.
    func tagName(of element: Element) -> String

    /// The value of the element's first attribute called `name`, or nil when it has none.
    func attribute(_ name: String, of element: Element) -> String?

    /// Whether every child node of the element is a comment (what `:empty` tests).
    func hasOnlyCommentChildren(_ element: Element) -> Bool

    /// The element a query treats as the parent: the host for shadow children, the iframe for
    /// the top elements of its document, nil for the top elements of the document.
    func parent(of element: Element) -> Element?

    /// The element before this one among the elements of the same child list.
    func previousSibling(of element: Element) -> Element?

    /// Where the element sits among the elements of its child list.
    func siblingPosition(of element: Element) -> SiblingPosition
}

/// Where an element sits among the elements of its child list, for the structural pseudo-classes.
public struct SiblingPosition: Sendable, Equatable {
    /// 1-based position among the element siblings.
    public var position: Int
    /// How many element siblings there are, the element included.
    public var siblingCount: Int
    /// 1-based position among the element siblings with the same tag.
    public var typePosition: Int
    /// How many element siblings have the same tag, the element included.
    public var typeCount: Int

    /// Creates a position.
    public init(position: Int, siblingCount: Int, typePosition: Int, typeCount: Int) {
        self.position = position
        self.siblingCount = siblingCount
        self.typePosition = typePosition
        self.typeCount = typeCount
    }
}

extension CSSSelector {
    /// Whether `element` of `tree` matches one of the selector's alternatives.
    public func matches<Tree: ElementTree>(_ element: Tree.Element, in tree: Tree) -> Bool {
        alternatives.contains { $0.matches(element, compoundIndex: $0.compounds.count - 1, in: tree) }
    }
}

extension ComplexSelector {
    /// Whether `element` matches the compounds up to `compoundIndex`, the last one by the element itself.
    func matches<Tree: ElementTree>(_ element: Tree.Element, compoundIndex: Int, in tree: Tree) -> Bool {
        guard compounds[compoundIndex].matches(element, in: tree) else { return false }
        if compoundIndex == 0 { return true }
        switch combinators[compoundIndex - 1] {
        case .child:
            guard let parent = tree.parent(of: element) else { return false }
            return matches(parent, compoundIndex: compoundIndex - 1, in: tree)
        case .descendant:
            var ancestor = tree.parent(of: element)
            while let current = ancestor {
                if matches(current, compoundIndex: compoundIndex - 1, in: tree) { return true }
                ancestor = tree.parent(of: current)
            }
            return false
        case .nextSibling:
            guard let previous = tree.previousSibling(of: element) else { return false }
            return matches(previous, compoundIndex: compoundIndex - 1, in: tree)
        case .subsequentSibling:
            var sibling = tree.previousSibling(of: element)
            while let current = sibling {
                if matches(current, compoundIndex: compoundIndex - 1, in: tree) { return true }
                sibling = tree.previousSibling(of: current)
            }
            return false
        }
    }
}

extension CompoundSelector {
    func matches<Tree: ElementTree>(_ element: Tree.Element, in tree: Tree) -> Bool {
        if let tag, tag != tree.tagName(of: element) { return false }
        for test in tests where !test.passes(element, in: tree) { return false }
        return true
    }
}

extension SimpleTest {
    func passes<Tree: ElementTree>(_ element: Tree.Element, in tree: Tree) -> Bool {
        switch self {
        case .id(let id): return tree.attribute("id", of: element) == id
        case .className(let name): return HTMLElement.classList(of: tree.attribute("class", of: element)).contains(name)
        case .attribute(let name, let op, let expected, let caseInsensitive):
            guard var value = tree.attribute(name, of: element) else { return false }
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
        case .firstChild: return tree.siblingPosition(of: element).position == 1
        case .lastChild:
            let info = tree.siblingPosition(of: element)
            return info.position == info.siblingCount
        case .onlyChild: return tree.siblingPosition(of: element).siblingCount == 1
        case .firstOfType: return tree.siblingPosition(of: element).typePosition == 1
        case .lastOfType:
            let info = tree.siblingPosition(of: element)
            return info.typePosition == info.typeCount
        case .empty: return tree.hasOnlyCommentChildren(element)
        case .checked: return tree.attribute("checked", of: element) != nil || tree.attribute("selected", of: element) != nil
        case .disabled: return tree.attribute("disabled", of: element) != nil
        case .enabled: return ["input", "button", "select", "textarea", "option"].contains(tree.tagName(of: element)) && tree.attribute("disabled", of: element) == nil
        case .root: return tree.parent(of: element) == nil && tree.tagName(of: element) == "html"
        case .nthChild(let a, let b):
            let n = tree.siblingPosition(of: element).position - b
            if a == 0 { return n == 0 }
            return n % a == 0 && n / a >= 0
        case .not(let list):
            return !list.contains { $0.matches(element, compoundIndex: $0.compounds.count - 1, in: tree) }
        }
    }
}
