/// The kind of a serialized DOM node (rrweb-snapshot's `NodeType`).
public struct NodeType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let document = NodeType(rawValue: 0)
    public static let documentType = NodeType(rawValue: 1)
    public static let element = NodeType(rawValue: 2)
    public static let text = NodeType(rawValue: 3)
    public static let cdata = NodeType(rawValue: 4)
    public static let comment = NodeType(rawValue: 5)

    public var description: String {
        switch self {
        case .document: return "Document"
        case .documentType: return "DocumentType"
        case .element: return "Element"
        case .text: return "Text"
        case .cdata: return "CDATA"
        case .comment: return "Comment"
        default: return "NodeType(\(rawValue))"
        }
    }
}

/// One DOM node as rrweb serializes it: a document, doctype, element, text, CDATA or comment.
///
/// The fields that a node of its `type` does not use stay nil. Element
/// `attributes` keep their JSON values (strings, `true`, numbers for `rr_*`
/// properties), so nothing the recorder wrote is lost.
///
/// Optional members are spelled `Optional<T>`, not `T?`: a `T?` member starts
/// out nil before the initializer runs, and a node built that way is copied on
/// return (every field retained and released again), thousands of times per
/// snapshot.
public struct SerializedNode: JSONCodable {
    public var type: NodeType
    public var id: Int
    /// Element name, lower-cased by the recorder.
    public var tagName: Optional<String>
    /// Element attributes, including `rr_*` properties and `_cssText`.
    public var attributes: Optional<JSONObject>
    /// Children of a document or element (light DOM first, then `isShadow` children).
    public var childNodes: Optional<[SerializedNode]>
    /// Text of a text, CDATA or comment node.
    public var textContent: Optional<String>
    public var isSVG: Optional<Bool>
    public var isShadowHost: Optional<Bool>
    /// The node is a child of its parent's shadow root.
    public var isShadow: Optional<Bool>
    /// The members few nodes have, out of line: nodes are copied and stored by the thousand, and these would more than double their size.
    private var rare: Optional<RareMembers>

    /// Doctype name, public id and system id.
    public var name: String? {
        get { rare?.fields.name }
        set { updateRare { $0.name = newValue } }
    }
    public var publicId: String? {
        get { rare?.fields.publicId }
        set { updateRare { $0.publicId = newValue } }
    }
    public var systemId: String? {
        get { rare?.fields.systemId }
        set { updateRare { $0.systemId = newValue } }
    }
    /// A document's compatibility mode when it is not `CSS1Compat`.
    public var compatMode: String? {
        get { rare?.fields.compatMode }
        set { updateRare { $0.compatMode = newValue } }
    }
    public var isCustom: Bool? {
        get { rare?.fields.isCustom }
        set { updateRare { $0.isCustom = newValue } }
    }
    /// Legacy marker on a `<style>` text child that holds the CSS.
    public var isStyle: Bool? {
        get { rare?.fields.isStyle }
        set { updateRare { $0.isStyle = newValue } }
    }
    /// The id of the iframe document that owns the node.
    public var rootId: Int? {
        get { rare?.fields.rootId }
        set { updateRare { $0.rootId = newValue } }
    }
    /// Members this model does not know, kept as they were.
    public var extra: JSONObject {
        get { rare?.fields.extra ?? JSONObject() }
        set {
            if newValue.isEmpty, rare == nil { return }
            updateRare { $0.extra = newValue }
        }
    }

    public init(
        type: NodeType, id: Int, tagName: String? = nil, attributes: JSONObject? = nil, childNodes: [SerializedNode]? = nil,
        textContent: String? = nil, name: String? = nil, publicId: String? = nil, systemId: String? = nil,
        compatMode: String? = nil, isSVG: Bool? = nil, isCustom: Bool? = nil, isStyle: Bool? = nil,
        isShadowHost: Bool? = nil, isShadow: Bool? = nil, rootId: Int? = nil, extra: JSONObject = JSONObject()
    ) {
        self.type = type
        self.id = id
        self.tagName = tagName
        self.attributes = attributes
        self.childNodes = childNodes
        self.textContent = textContent
        self.isSVG = isSVG
        self.isShadowHost = isShadowHost
        self.isShadow = isShadow
        let fields = RareFields(
            name: name, publicId: publicId, systemId: systemId, compatMode: compatMode, isCustom: isCustom, isStyle: isStyle,
            rootId: rootId, extra: extra)
        rare = fields.isEmpty ? nil : RareMembers(fields)
    }

    /// Changes the out-of-line members, dropping their storage when none is left.
    private mutating func updateRare(_ change: (inout RareFields) -> Void) {
        var fields = rare?.fields ?? RareFields()
        change(&fields)
        rare = fields.isEmpty ? nil : RareMembers(fields)
    }

    /// A document node with the given children.
    public static func document(id: Int, childNodes: [SerializedNode]) -> SerializedNode {
        SerializedNode(type: .document, id: id, childNodes: childNodes)
    }

    /// An element node.
    public static func element(id: Int, tagName: String, attributes: JSONObject = JSONObject(), childNodes: [SerializedNode] = []) -> SerializedNode {
        SerializedNode(type: .element, id: id, tagName: tagName, attributes: attributes, childNodes: childNodes)
    }

    /// A text node.
    public static func text(id: Int, _ textContent: String) -> SerializedNode {
        SerializedNode(type: .text, id: id, textContent: textContent)
    }

    /// Decodes a node and its subtree; any depth the JSON reader accepts decodes without recursion.
    public init(json: JSONValue) throws(RecordingError) {
        self = try Self.decodeTree(json)
    }

    public func write(to writer: inout JSONWriter) {
        var object = MemberWriter(&writer, extras: extra)
        if let attributes { object.key("attributes", &writer); writer.write(.object(attributes)) }
        if let childNodes {
            object.key("childNodes", &writer)
            writer.beginArray()
            for child in childNodes {
                writer.nextElement()
                child.write(to: &writer)
            }
            writer.endArray()
        }
        if let compatMode { object.key("compatMode", &writer); writer.write(compatMode) }
        object.key("id", &writer); writer.write(id)
        if let isCustom { object.key("isCustom", &writer); writer.write(isCustom) }
        if let isSVG { object.key("isSVG", &writer); writer.write(isSVG) }
        if let isShadow { object.key("isShadow", &writer); writer.write(isShadow) }
        if let isShadowHost { object.key("isShadowHost", &writer); writer.write(isShadowHost) }
        if let isStyle { object.key("isStyle", &writer); writer.write(isStyle) }
        if let name { object.key("name", &writer); writer.write(name) }
        if let publicId { object.key("publicId", &writer); writer.write(publicId) }
        if let rootId { object.key("rootId", &writer); writer.write(rootId) }
        if let systemId { object.key("systemId", &writer); writer.write(systemId) }
        if let tagName { object.key("tagName", &writer); writer.write(tagName) }
        if let textContent { object.key("textContent", &writer); writer.write(textContent) }
        object.key("type", &writer); writer.write(type.rawValue)
        object.end(&writer)
    }

    /// Calls `visit` on this node and every descendant in document order (an explicit stack: any depth).
    public func forEachNode(_ visit: (SerializedNode) -> Void) {
        visit(self)
        DepthFirst.forEach(childNodes ?? [], children: { $0.childNodes ?? [] }) { node, _ in visit(node) }
    }

    /// The number of nodes in this subtree, this node included (an explicit stack: any depth).
    public var subtreeCount: Int {
        var count = 1
        var pending: [[SerializedNode]] = []
        if let childNodes { pending.append(childNodes) }
        while let children = pending.popLast() {
            count += children.count
            // Children are read in place: copying a node retains every one of its fields.
            children.withUnsafeBufferPointer { buffer in
                for index in buffer.indices {
                    if let grandchildren = buffer[index].childNodes, !grandchildren.isEmpty { pending.append(grandchildren) }
                }
            }
        }
        return count
    }

    /// The string value of attribute `name`, if it is a string.
    public func attribute(_ name: String) -> String? {
        attributes?[name]?.stringValue
    }
}

/// The members of a serialized node that few nodes have.
private struct RareFields: Sendable, Equatable {
    var name: String?
    var publicId: String?
    var systemId: String?
    var compatMode: String?
    var isCustom: Bool?
    var isStyle: Bool?
    var rootId: Int?
    var extra = JSONObject()

    var isEmpty: Bool {
        name == nil && publicId == nil && systemId == nil && compatMode == nil && isCustom == nil && isStyle == nil && rootId == nil
            && extra.isEmpty
    }
}

/// Immutable shared storage for `RareFields`; a change makes a new one, so copies of a node never see each other's changes.
private final class RareMembers: Sendable, Equatable {
    let fields: RareFields

    init(_ fields: RareFields) {
        self.fields = fields
    }

    static func == (lhs: RareMembers, rhs: RareMembers) -> Bool {
        lhs === rhs || lhs.fields == rhs.fields
    }
}
