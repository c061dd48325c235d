import SessionModel

/// The serialized form a node was built from (rrweb's mirror "meta").
///
/// Kept for two rules: an add whose id is already mapped to a node with an
/// equal meta reuses that node, and a `_cssText` attribute mutation rebuilds
/// the element from its meta. Only the fields each kind of node is compared
/// on are kept, so that every node of the arena stays small.
enum NodeMeta {
    case document(compatMode: String?)
    indirect case documentType(name: String?, publicId: String?, systemId: String?)
    /// A text, comment or CDATA node.
    case character(NodeType, text: String?)
    case element(ElementMeta)
    /// A node type rrweb does not define; never equal to anything.
    case other

    /// What an element's meta holds: what `isEqual(to:)` compares and what a rebuild needs.
    struct ElementMeta {
        var tagName: String
        var attributes: JSONObject
        var isSVG: Bool
        var hadChildren: Bool
    }

    init(_ node: borrowing SerializedNode) {
        switch node.type {
        case .document:
            self = .document(compatMode: node.compatMode)
        case .documentType:
            self = .documentType(name: node.name, publicId: node.publicId, systemId: node.systemId)
        case .text, .comment, .cdata:
            self = .character(node.type, text: node.textContent)
        case .element:
            let hadChildren = node.childNodes.map { !$0.isEmpty } ?? false
            self = .element(ElementMeta(tagName: node.tagName ?? "", attributes: node.attributes ?? JSONObject(), isSVG: node.isSVG ?? false, hadChildren: hadChildren))
        default:
            self = .other
        }
    }

    /// rrweb's `isNodeMetaEqual`: same type and same identifying fields (attributes in the same order).
    func isEqual(to node: borrowing SerializedNode) -> Bool {
        switch self {
        case .document(let compatMode):
            return node.type == .document && compatMode == node.compatMode
        case .documentType(let name, let publicId, let systemId):
            return node.type == .documentType && name == node.name && publicId == node.publicId && systemId == node.systemId
        case .character(let type, let text):
            return node.type == type && text == node.textContent
        case .element(let meta):
            guard node.type == .element, meta.tagName == (node.tagName ?? ""), meta.isSVG == (node.isSVG ?? false) else { return false }
            let other = node.attributes ?? JSONObject()
            guard other.count == meta.attributes.count else { return false }
            for (mine, theirs) in zip(meta.attributes.members, other.members) where mine.key != theirs.key || mine.value != theirs.value {
                return false
            }
            return true
        case .other:
            return false
        }
    }

    /// A doctype's public id, or "".
    var publicId: String {
        if case .documentType(_, let publicId, _) = self { return publicId ?? "" }
        return ""
    }

    /// A doctype's system id, or "".
    var systemId: String {
        if case .documentType(_, _, let systemId) = self { return systemId ?? "" }
        return ""
    }

    /// A document's compatibility mode, when the recorder gave one.
    var compatMode: String? {
        if case .document(let compatMode) = self { return compatMode }
        return nil
    }
}
