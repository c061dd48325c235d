import SessionModel

/// Turns mirror nodes into rrweb `SerializedNode`s the way rrweb-snapshot does, with masking applied.
///
/// The DOM is an argument rather than a member, so that serializing a page's DOM does not copy it
/// (every array in it retained and released): `page.dom.serialize(id, deep:masker:)` lends it in place.
struct SnapshotSerializer {
    let masker: Masker

    /// The node with its whole subtree (`deep`), or with `childNodes: []` for mutation adds.
    func serialize(_ id: Int, deep: Bool, in dom: VirtualDOM) -> SerializedNode {
        // The node's fields are read in place: a copy of it would retain (and then release) each of its strings and arrays.
        let kind = dom[id].kind
        var result: SerializedNode
        switch kind {
        case .document:
            result = SerializedNode(type: .document, id: id, childNodes: deep ? serializedChildren(id, in: dom) : [])
            if dom[id].parent == 0, !dom[id].children.contains(where: { dom[$0].kind == .doctype }) { result.compatMode = "BackCompat" }
        case .doctype:
            result = SerializedNode(type: .documentType, id: id, name: dom[id].text.isEmpty ? "html" : dom[id].text, publicId: "", systemId: "")
        case .text:
            let parent = dom[id].parent
            let parentTag = dom[parent].tag
            let text: String
            if parentTag == "script" {
                text = "SCRIPT_PLACEHOLDER"
            } else if parentTag == "style" {
                text = ""
            } else {
                text = masker.text(dom[id].text, under: parent, dom)
            }
            result = SerializedNode(type: .text, id: id, textContent: text)
        case .comment:
            result = SerializedNode(type: .comment, id: id, textContent: dom[id].text)
        case .element:
            result = element(id, deep: deep, in: dom)
        }
        if kind != .document, dom[id].owner != 1 { result.rootId = dom[id].owner }
        if dom[id].isShadowChild { result.isShadow = true }
        return result
    }

    /// Children a snapshot lists: light children, then shadow children; none for iframes and valued textareas.
    func serializedChildren(_ id: Int, in dom: VirtualDOM) -> [SerializedNode] {
        serializedChildIds(id, in: dom).map { serialize($0, deep: true, in: dom) }
    }

    /// The ids of the children that are serialized under `id`.
    func serializedChildIds(_ id: Int, in dom: VirtualDOM) -> [Int] {
        if dom[id].kind == .element {
            if masker.isBlocked(id) || dom[id].tag == "iframe" { return [] }
            if dom[id].tag == "textarea", !dom.value(of: id).isEmpty { return [] }
        }
        return dom[id].shadowChildren.isEmpty ? dom[id].children : dom[id].children + dom[id].shadowChildren
    }

    private func element(_ id: Int, deep: Bool, in dom: VirtualDOM) -> SerializedNode {
        // The fields are read in place (the tag once): a copy of the node would retain and release each of its strings and arrays.
        let tag = dom[id].tag
        let isSVG = dom[id].isSVG
        var attributes = JSONObject()
        if masker.isBlocked(id) {
            if let className = dom[id].attribute("class") { attributes["class"] = .string(className) }
            let box = dom[id].box
            attributes["rr_width"] = .string(SnapshotSerializer.pixels(box.width))
            attributes["rr_height"] = .string(SnapshotSerializer.pixels(box.height))
            var result = SerializedNode.element(id: id, tagName: tag, attributes: attributes, childNodes: [])
            if isSVG { result.isSVG = true }
            return result
        }
        for attribute in dom[id].attributes {
            let name = attribute.name
            switch name {
            case "src" where tag == "iframe":
                if dom[id].contentDocument == 0 || dom[id].isCrossOriginFrame { attributes["rr_src"] = .string(URLResolver.absolute(attribute.value, base: dom.url)) }
            case "src", "href", "background", "action", "poster":
                if name == "href", attribute.value.hasPrefix("#"), isSVG {
                    attributes[name] = .string(attribute.value)
                } else {
                    attributes[name] = .string(URLResolver.absolute(attribute.value, base: dom.url))
                }
            case "value" where tag == "input" || tag == "select" || tag == "textarea":
                continue
            case "selected" where tag == "option":
                continue
            case "checked" where tag == "input":
                continue
            case "autoplay" where tag == "video" || tag == "audio":
                continue
            default:
                attributes[name] = .string(masker.attribute(name, attribute.value, of: id, dom))
            }
        }
        switch tag {
        case "input":
            let type = (dom[id].attribute("type") ?? "text").lowercased()
            if type == "radio" || type == "checkbox" {
                if let value = dom[id].attribute("value") { attributes["value"] = .string(value) }
                if dom.isChecked(id) { attributes["checked"] = .bool(true) }
            } else if type == "submit" || type == "button" {
                if let value = dom[id].attribute("value") { attributes["value"] = .string(value) }
            } else {
                let value = dom.value(of: id)
                if !value.isEmpty { attributes["value"] = .string(masker.value(value, of: id, dom)) }
            }
        case "textarea", "select":
            let value = dom.value(of: id)
            if !value.isEmpty { attributes["value"] = .string(masker.value(value, of: id, dom)) }
        case "option":
            if let select = enclosingSelect(id, in: dom), dom.optionValue(id) == dom.value(of: select), !masker.masksValue(of: select, dom) {
                attributes["selected"] = .bool(true)
            }
        case "style":
            attributes["_cssText"] = .string(dom.textContent(of: id))
        default:
            break
        }
        var result = SerializedNode.element(id: id, tagName: SnapshotSerializer.tagName(tag), attributes: attributes, childNodes: deep ? serializedChildren(id, in: dom) : [])
        if dom[id].hasShadowRoot { result.isShadowHost = true }
        if isSVG { result.isSVG = true }
        if tag.containsText("-") { result.isCustom = true }
        return result
    }

    private func enclosingSelect(_ option: Int, in dom: VirtualDOM) -> Int? {
        var current = dom.parentElement(of: option)
        while let id = current {
            if dom[id].tag == "select" { return id }
            current = dom.parentElement(of: id)
        }
        return nil
    }

    /// rrweb lower-cases tag names and turns anything outside `[a-z0-9-_:]` into `div`.
    static func tagName(_ tag: String) -> String {
        func isAllowed(_ byte: UInt8) -> Bool { (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F || byte == 0x3A }
        // Already lower case and allowed (the parser lower-cases HTML tags): nothing to change.
        if tag.utf8.allSatisfy(isAllowed) { return tag }
        let lower = tag.lowercased()
        return lower.utf8.allSatisfy(isAllowed) ? lower : "div"
    }

    /// A length as rrweb writes placeholder sizes (`"123.5px"`).
    static func pixels(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return "\(Int(rounded))px" }
        return "\(rounded)px"
    }
}

extension VirtualDOM {
    /// The node serialized as `SnapshotSerializer.serialize` does it; `mutating` only so that a page's
    /// DOM (a class's stored property) is lent in place rather than copied for the call: it changes nothing.
    mutating func serialize(_ id: Int, deep: Bool, masker: Masker) -> SerializedNode {
        SnapshotSerializer(masker: masker).serialize(id, deep: deep, in: self)
    }

    /// `SnapshotSerializer.serializedChildIds`, the DOM lent in place as by `serialize(_:deep:masker:)`.
    mutating func serializedChildIds(_ id: Int, masker: Masker) -> [Int] {
        SnapshotSerializer(masker: masker).serializedChildIds(id, in: self)
    }
}

/// Makes URLs absolute against a page URL, as rrweb does for `src` and `href`.
enum URLResolver {
    /// The index just after `://`, if the URL has a scheme.
    private static func authorityStart(_ url: String) -> String.Index? {
        let utf8 = url.utf8
        var beforePrevious: UInt8 = 0
        var previous: UInt8 = 0
        for index in utf8.indices {
            let byte = utf8[index]
            if beforePrevious == 0x3A, previous == 0x2F, byte == 0x2F { return utf8.index(after: index) }
            beforePrevious = previous
            previous = byte
        }
        return nil
    }

    /// `https://host` for `https://host/path`.
    static func origin(of url: String) -> String {
        guard let start = authorityStart(url) else { return url }
        let rest = url[start...]
        let hostEnd: String.Index
        if url.utf8.allSatisfy({ $0 < 0x80 }) {
            // In ASCII every byte is a Character of its own (bar "\r\n"), so bytes can be searched.
            hostEnd = rest.utf8.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        } else {
            hostEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        }
        return String(url[..<hostEnd])
    }

    /// The host without port, lower-cased.
    static func host(of url: String) -> String {
        let origin = origin(of: url)
        guard let start = authorityStart(origin) else { return origin }
        let hostPort = origin[start...]
        let bytes = hostPort.utf8
        // ASCII without capitals (every host a scenario names): the first non-empty piece between
        // colons, found on the bytes, is what splitting the Characters and lower-casing give.
        if bytes.allSatisfy({ $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }) {
            let colon = UInt8(ascii: ":")
            guard let first = bytes.firstIndex(where: { $0 != colon }) else { return "" }
            let end = bytes[first...].firstIndex(of: colon) ?? bytes.endIndex
            return String(hostPort[first..<end])
        }
        return String(hostPort.split(separator: ":").first ?? "").lowercased()
    }

    static func absolute(_ reference: String, base: String) -> String {
        let trimmed = reference.trimmingSpaces
        if trimmed.isEmpty { return base }
        // Every scheme has a colon: a reference without one (most, such as "/cart") skips the scheme tests.
        if trimmed.utf8.contains(UInt8(ascii: ":")) {
            if trimmed.hasPrefix("data:") || trimmed.hasPrefix("blob:") || trimmed.hasPrefix("javascript:") || trimmed.hasPrefix("mailto:") || trimmed.hasPrefix("tel:") { return trimmed }
            if trimmed.containsText("://") { return trimmed }
        }
        let origin = origin(of: base)
        if trimmed.hasPrefix("//") { return (base.hasPrefix("https") ? "https:" : "http:") + trimmed }
        if trimmed.hasPrefix("/") { return origin + trimmed }
        let withoutFragment = base.split(separator: "#", maxSplits: 1).first.map(String.init) ?? base
        if trimmed.hasPrefix("#") { return withoutFragment + trimmed }
        let withoutQuery = withoutFragment.split(separator: "?", maxSplits: 1).first.map(String.init) ?? withoutFragment
        if trimmed.hasPrefix("?") { return withoutQuery + trimmed }
        var path = String(withoutQuery.dropFirst(origin.count))
        if let slash = path.lastIndex(of: "/") { path = String(path[...slash]) } else { path = "/" }
        var segments = (path + trimmed).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var output: [String] = []
        for (index, segment) in segments.enumerated() {
            if segment == "." { if index == segments.count - 1 { output.append("") }; continue }
            if segment == ".." { if output.count > 1 { output.removeLast() }; if index == segments.count - 1 { output.append("") }; continue }
            output.append(segment)
        }
        segments = output
        return origin + segments.joined(separator: "/")
    }
}

extension String {
    var trimmingSpaces: String {
        // Printable ASCII at both ends cannot be (or end) a white-space character.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
