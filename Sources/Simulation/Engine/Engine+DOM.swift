import SessionModel

/// DOM changes made by page scripts, recorded as rrweb Mutation events.
extension Engine {
    /// Brings the masker up to date, and the layout too when a blocked element's placeholder needs its box.
    ///
    /// Layout is a function of the DOM alone, so leaving it for the next reader gives the same boxes.
    func prepareToSerialize(_ page: PageState) {
        page.masker.refresh(&page.dom)
        if page.masker.blocksAnything { page.dom.ensureLayout() }
    }

    func emitMutation(_ page: PageState, _ mutation: Mutation) {
        if mutation.adds.isEmpty, mutation.removes.isEmpty, mutation.texts.isEmpty, mutation.attributes.isEmpty { return }
        emit(page, .incrementalSnapshot(.mutation(mutation)))
    }

    /// Replaces the element's children with one text node (what `textContent =` does): removes, then an add.
    func setText(_ page: PageState, _ id: Int, _ text: String) {
        let hidden = page.dom.isInsideBlocked(id, by: page.masker)
        let known = Set(page.dom.serializedChildIds(id, masker: page.masker))
        var removes: [RemovedNode] = []
        for child in page.dom[id].children {
            if known.contains(child) { removes.append(RemovedNode(parentId: id, id: child)) }
            page.dom.detach(child)
            page.dom.kill(child)
        }
        var adds: [AddedNode] = []
        if !text.isEmpty {
            let textId = page.dom.appendText(text, to: id)
            page.masker.refresh(&page.dom)
            adds.append(AddedNode(parentId: id, nextId: nil, node: page.dom.serialize(textId, deep: false, masker: page.masker)))
        }
        if page.dom[id].tag == "textarea" { page.dom.setValue(id, text) }
        if !hidden { emitMutation(page, Mutation(removes: removes, adds: adds)) }
    }

    /// An attribute set (`value`) or removed (`nil`), masked as the policy says.
    func emitAttributeChange(_ page: PageState, _ id: Int, _ name: String, _ value: String?) {
        page.masker.refresh(&page.dom)
        guard !page.dom.isInsideBlocked(id, by: page.masker) else { return }
        let sent: JSONValue = value.map { .string(page.dom.attribute(name, $0, of: id, by: page.masker)) } ?? .null
        emitMutation(page, Mutation(attributes: [AttributeChange(id: id, attributes: [name: sent])]))
    }

    /// The adds that describe `ids` (siblings in order, appended to `parent`) and all their serialized descendants, parents first.
    func addsFor(_ ids: [Int], parent: Int, page: PageState) -> [AddedNode] {
        var adds: [AddedNode] = []
        func visit(_ siblings: [Int], parent: Int) {
            for (offset, id) in siblings.enumerated() {
                let next = offset + 1 < siblings.count ? siblings[offset + 1] : nil
                let nextId = page.dom[id].isShadowChild ? next.flatMap { page.dom[$0].isShadowChild ? $0 : nil } : next.flatMap { page.dom[$0].isShadowChild ? nil : $0 }
                adds.append(AddedNode(parentId: parent, nextId: nextId, node: page.dom.serialize(id, deep: false, masker: page.masker)))
                visit(page.dom.serializedChildIds(id, masker: page.masker), parent: id)
            }
        }
        visit(ids, parent: parent)
        return adds
    }

    func addElement(_ page: PageState, _ parent: Int, _ html: String) {
        let (added, frames) = page.dom.append(html: html, to: parent)
        prepareToSerialize(page)
        guard !page.dom.isInsideBlocked(parent, by: page.masker), !added.isEmpty else { return }
        emitMutation(page, Mutation(adds: addsFor(added, parent: parent, page: page)))
        attachFrames(frames, in: page)
    }

    func removeElement(_ page: PageState, _ id: Int) {
        let parent = page.dom[id].parent
        let isShadow = page.dom[id].isShadowChild
        let hidden = page.dom.isInsideBlocked(parent, by: page.masker)
        if let focused = page.focused, focused == id || page.dom.descendants(of: id).contains(focused) { page.focused = nil }
        page.dom.detach(id)
        page.dom.kill(id)
        page.masker.refresh(&page.dom)
        if !hidden { emitMutation(page, Mutation(removes: [RemovedNode(parentId: parent, id: id, isShadow: isShadow ? true : nil)])) }
    }

    /// A move: a remove and an add of the same id, with the subtree re-sent under its old ids.
    func moveElement(_ page: PageState, _ id: Int, into parent: Int) {
        let oldParent = page.dom[id].parent
        let wasShadow = page.dom[id].isShadowChild
        let wasKnown = !page.dom.isInsideBlocked(oldParent, by: page.masker)
        page.dom.detach(id)
        page.dom.reattach(id, to: parent)
        prepareToSerialize(page)
        let isKnown = !page.dom.isInsideBlocked(parent, by: page.masker)
        let removes = wasKnown ? [RemovedNode(parentId: oldParent, id: id, isShadow: wasShadow ? true : nil)] : []
        let adds = isKnown ? addsFor([id], parent: parent, page: page) : []
        emitMutation(page, Mutation(removes: removes, adds: adds))
    }
}
