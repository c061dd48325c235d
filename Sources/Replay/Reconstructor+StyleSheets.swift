import SessionModel

/// StyleSheetRule (8), StyleDeclaration (13) and AdoptedStyleSheet (15) events, as rrweb's replayer applies them.
///
/// From `packages/rrweb/src/replay/index.ts`: a sheet is named by `styleId`
/// (a constructed sheet) or by `id` (the sheet of a `<style>` element); adds
/// are inserted, then removes deleted, then `replace` and `replaceSync`
/// applied; an AdoptedStyleSheet event constructs the sheets it carries and
/// sets the host's adopted list to its `styleIds`. Each operation that the
/// browser would refuse is a finding; the others still apply.
extension Reconstructor {
    func applyStyleSheetRule(_ rule: StyleSheetRule, _ tree: inout DOMArena) {
        guard let target = sheetTarget(id: rule.id, styleId: rule.styleId, tree) else { return }
        withSheet(target, &tree) { sheet in
            applyRuleChanges(adds: rule.adds ?? [], removes: rule.removes ?? [], to: &sheet, path: "data")
            for (name, text) in [("replace", rule.replace), ("replaceSync", rule.replaceSync)] {
                guard let text else { continue }
                if case .element = target {
                    report(.styleSheetFailed, "data.\(name): \(name) only works on constructed sheets; node \(rule.id ?? -1)'s sheet is unchanged")
                } else {
                    sheet = StyleSheet(text: text)
                }
            }
        }
    }

    func applyStyleDeclaration(_ data: JSONObject, _ tree: inout DOMArena) {
        guard let path = Self.indexPath(data["index"]) else {
            report(.malformedEvent, "data.index: a StyleDeclaration needs an index array of whole numbers")
            return
        }
        let set = data["set"]?.objectValue
        let remove = data["remove"]?.objectValue
        if let set, set["property"]?.stringValue == nil {
            report(.malformedEvent, "data.set.property: missing or not a string")
            return
        }
        if let remove, remove["property"]?.stringValue == nil {
            report(.malformedEvent, "data.remove.property: missing or not a string")
            return
        }
        guard let target = sheetTarget(id: data["id"]?.intValue, styleId: data["styleId"]?.intValue, tree) else { return }
        withSheet(target, &tree) { sheet in
            do throws(StyleSheet.Failure) {
                if let set, let property = set["property"]?.stringValue {
                    let priority = set["priority"]?.stringValue ?? ""
                    try sheet.setProperty(property, set["value"]?.stringValue ?? "", important: priority == "important", at: path)
                }
                if let remove, let property = remove["property"]?.stringValue {
                    try sheet.removeProperty(property, at: path)
                }
            } catch {
                report(.styleSheetFailed, "data.index: \(error.message); declaration not applied")
            }
        }
    }

    func applyAdoptedStyleSheet(_ data: JSONObject, _ tree: inout DOMArena) {
        guard let hostId = data["id"]?.intValue, let styleIds = data["styleIds"]?.arrayValue?.map(\.intValue), !styleIds.contains(nil) else {
            report(.malformedEvent, "data: an AdoptedStyleSheet needs a whole-number id and an array of whole-number styleIds")
            return
        }
        guard let host = tree.lookup(hostId) else {
            report(.unknownNode, "data.id: adopted style sheets for unknown node \(hostId)")
            return
        }
        let isDocument = tree[host].type == .document
        guard isDocument || tree[host].shadowRoot != nil else {
            report(.styleSheetFailed, "data.id: node \(hostId) is neither a document nor a shadow host; its adopted sheets are ignored")
            return
        }
        for (position, style) in (data["styles"]?.arrayValue ?? []).enumerated() {
            guard let styleId = style["styleId"]?.intValue else {
                report(.malformedEvent, "data.styles[\(position)].styleId: missing or not a whole number")
                continue
            }
            var sheet = StyleSheet()
            applyRuleChanges(adds: style["rules"]?.arrayValue ?? [], removes: [], to: &sheet, path: "data.styles[\(position)]")
            tree.styles.constructed[styleId] = sheet
        }
        let ids = styleIds.compactMap { $0 }
        tree.styles.adopted[host] = ids
        let missing = ids.filter { tree.styles.constructed[$0] == nil }
        if !missing.isEmpty {
            report(.styleSheetFailed, "data.styleIds: styleId \(missing.map(String.init).joined(separator: ", ")) was never constructed; left out of node \(hostId)'s adopted sheets")
        }
    }

    // MARK: - Sheets

    /// Which sheet an event names.
    enum SheetTarget {
        case element(NodeHandle)
        case constructed(Int)
    }

    private func sheetTarget(id: Int?, styleId: Int?, _ tree: DOMArena) -> SheetTarget? {
        if let styleId, styleId != 0 {
            guard tree.styles.constructed[styleId] != nil else {
                report(.unknownStyleSheet, "data.styleId: no constructed style sheet \(styleId)")
                return nil
            }
            return .constructed(styleId)
        }
        guard let id else {
            report(.malformedEvent, "data: a style-sheet event needs an id or a styleId")
            return nil
        }
        guard let handle = tree.lookup(id) else {
            report(.unknownNode, "data.id: style-sheet change for unknown node \(id)")
            return nil
        }
        let tag = tree[handle].tagName
        guard tree[handle].type == .element, tag == "style" || tag == "link" else {
            report(.unknownStyleSheet, "data.id: node \(id) is a \(tree[handle].type == .element ? "<\(tag)>" : "\(tree[handle].type)"), which has no style sheet")
            return nil
        }
        return .element(handle)
    }

    /// Runs `body` on the sheet in place: a changed one, or for an element the parse of its text.
    ///
    /// An element's sheet is kept as changed only when `body` changed it, so a
    /// refused call leaves the element written as before.
    private func withSheet(_ target: SheetTarget, _ tree: inout DOMArena, _ body: (inout StyleSheet) -> Void) {
        switch target {
        case .constructed(let styleId):
            body(&tree.styles.constructed[styleId, default: StyleSheet()])
        case .element(let handle):
            guard tree.styles.elementSheets[handle] == nil else {
                body(&tree.styles.elementSheets[handle]!)
                return
            }
            let parsed = StyleSheet(text: tree.textContent(handle))
            var sheet = parsed
            body(&sheet)
            if sheet != parsed { tree.styles.elementSheets[handle] = sheet }
        }
    }

    /// Inserts each of `adds` (`{rule, index?}`) and then deletes each of `removes` (`{index}`), reporting what the browser would refuse.
    private func applyRuleChanges(adds: [JSONValue], removes: [JSONValue], to sheet: inout StyleSheet, path: String) {
        for (position, add) in adds.enumerated() {
            guard let text = add["rule"]?.stringValue else {
                report(.malformedEvent, "\(path).adds[\(position)].rule: missing or not a string")
                continue
            }
            let index: [Int]?
            switch add["index"] {
            case nil, .null?: index = nil
            case let value?:
                guard let path = Self.indexPath(value) else {
                    report(.malformedEvent, "\(path).adds[\(position)].index: not a whole number or an array of them")
                    continue
                }
                index = path
            }
            do throws(StyleSheet.Failure) {
                try sheet.insertRule(text, at: index)
            } catch {
                report(.styleSheetFailed, "\(path).adds[\(position)]: \(error.message); not inserted")
            }
        }
        for (position, remove) in removes.enumerated() {
            guard let index = Self.indexPath(remove["index"]) else {
                report(.malformedEvent, "\(path).removes[\(position)].index: not a whole number or an array of them")
                continue
            }
            do throws(StyleSheet.Failure) {
                try sheet.deleteRule(at: index)
            } catch {
                report(.styleSheetFailed, "\(path).removes[\(position)]: \(error.message); not removed")
            }
        }
    }

    /// A rule index: a whole number as a one-element path, or a non-empty array of whole numbers.
    private static func indexPath(_ value: JSONValue?) -> [Int]? {
        if let number = value?.intValue { return [number] }
        guard let array = value?.arrayValue, !array.isEmpty else { return nil }
        let path = array.compactMap(\.intValue)
        return path.count == array.count ? path : nil
    }
}
