import Markup

/// The mirror as the selector engine sees it, so queries run on the nodes in place.
///
/// The family links are those of the `HTMLDocument` the mirror stands for: a query's parent
/// is the host for shadow children and the iframe for the top elements of a frame's
/// document, and siblings are the elements of the same child list.
extension VirtualDOM: ElementTree {
    func tagName(of element: Int) -> String { self[element].tag }

    func attribute(_ name: String, of element: Int) -> String? { self[element].attribute(name) }

    func hasOnlyCommentChildren(_ element: Int) -> Bool {
        self[element].children.allSatisfy { self[$0].kind == .comment }
    }

    func parent(of element: Int) -> Int? { parentElement(of: element) }

    func previousSibling(of element: Int) -> Int? {
        let siblings = siblingList(of: element)
        guard let offset = siblings.firstIndex(of: element) else { return nil }
        return siblings[..<offset].last { self[$0].kind == .element }
    }

    func siblingPosition(of element: Int) -> SiblingPosition {
        let tag = self[element].tag
        var position = SiblingPosition(position: 0, siblingCount: 0, typePosition: 0, typeCount: 0)
        var seenSelf = false
        for sibling in siblingList(of: element) where self[sibling].kind == .element {
            let sameTag = self[sibling].tag == tag
            position.siblingCount += 1
            if sameTag { position.typeCount += 1 }
            if !seenSelf {
                position.position += 1
                if sameTag { position.typePosition += 1 }
                seenSelf = sibling == element
            }
        }
        return position
    }

    /// The child list that holds the element: its host's shadow children, or its parent's children.
    private func siblingList(of element: Int) -> [Int] {
        let parent = self[element].parent
        return self[element].isShadowChild ? self[parent].shadowChildren : self[parent].children
    }
}
