/// A reconstructed CSSOM style sheet: the rules of a `<style>` element or of a constructed (adopted) sheet.
///
/// Operations follow the CSSOM calls rrweb's replayer makes
/// (`packages/rrweb/src/replay/index.ts`, `applyStyleSheetRule` and
/// `applyStyleDeclaration`): `insertRule`/`deleteRule` at a top-level index
/// or at a nested index path (`[2, 0, 1]`: rule 2, its child 0, and index 1
/// inside that), `replace`/`replaceSync` of the whole text, and
/// `setProperty`/`removeProperty` on the rule an index path names. Where the
/// browser would throw (an index out of range, text that is not one rule),
/// the operation throws and the sheet is unchanged; rrweb catches and goes
/// on, and the reconstructor turns it into a finding.
struct StyleSheet: Equatable {
    var rules: [CSSRule]

    init(rules: [CSSRule] = []) { self.rules = rules }

    init(text: String) { rules = CSSRuleParser.rules(text) }

    /// Why a CSSOM call on the sheet failed.
    struct Failure: Error, Equatable {
        var message: String
    }

    /// `insertRule(rule, index)`; `index` nil inserts at 0, a top-level index is clamped to the rule count, as rrweb does.
    mutating func insertRule(_ text: String, at index: [Int]?) throws(Failure) {
        let parsed = CSSRuleParser.rules(text)
        guard parsed.count == 1, let rule = parsed.first else {
            throw Failure(message: "rule \(Self.quoted(text)) is not one CSS rule")
        }
        guard let index, let last = index.last else {
            rules.insert(rule, at: 0)
            return
        }
        if index.count == 1 {
            // rrweb clamps with Math.min only; a negative index is out of range for insertRule (an unsigned long).
            guard last >= 0 else { throw Failure(message: "insert index \(last) is negative") }
            rules.insert(rule, at: min(last, rules.count))
            return
        }
        try Self.editGroup(&rules, path: index.dropLast(), fullPath: index) { (children: inout [CSSRule]) throws(Failure) in
            guard last >= 0, last <= children.count else {
                throw Failure(message: "insert index \(last) is outside the \(children.count) rules at \(Self.describe(index.dropLast()))")
            }
            children.insert(rule, at: last)
        }
    }

    /// `deleteRule(index)` at a top-level index or an index path.
    mutating func deleteRule(at index: [Int]) throws(Failure) {
        guard let last = index.last else { throw Failure(message: "a rule removal without an index") }
        if index.count == 1 {
            guard last >= 0, last < rules.count else {
                throw Failure(message: "remove index \(last) is outside the sheet's \(rules.count) rules")
            }
            rules.remove(at: last)
            return
        }
        try Self.editGroup(&rules, path: index.dropLast(), fullPath: index) { (children: inout [CSSRule]) throws(Failure) in
            guard last >= 0, last < children.count else {
                throw Failure(message: "remove index \(last) is outside the \(children.count) rules at \(Self.describe(index.dropLast()))")
            }
            children.remove(at: last)
        }
    }

    /// `setProperty(property, value, priority)` on the style rule at `path`.
    mutating func setProperty(_ property: String, _ value: String, important: Bool, at path: [Int]) throws(Failure) {
        try Self.editDeclarations(&rules, path: path[...], fullPath: path) { style in style.set(property, value, important: important) }
    }

    /// `removeProperty(property)` on the style rule at `path`.
    mutating func removeProperty(_ property: String, at path: [Int]) throws(Failure) {
        try Self.editDeclarations(&rules, path: path[...], fullPath: path) { style in style.remove(property) }
    }

    // MARK: - Paths

    /// Runs `edit` on the child list of the grouping rule at `path`.
    private static func editGroup(
        _ rules: inout [CSSRule], path: ArraySlice<Int>, fullPath: [Int], _ edit: (inout [CSSRule]) throws(Failure) -> Void
    ) throws(Failure) {
        guard let first = path.first else {
            try edit(&rules)
            return
        }
        guard first >= 0, first < rules.count, case .rules(var children) = rules[first].body else {
            throw Failure(message: "no grouping rule at \(describe(fullPath))")
        }
        // The rule gives up its list while it is edited, so the list is changed in place, not copied.
        rules[first].body = .statement
        defer { rules[first].body = .rules(children) }
        try editGroup(&children, path: path.dropFirst(), fullPath: fullPath, edit)
    }

    /// Runs `edit` on the declarations of the style rule at `path`.
    private static func editDeclarations(
        _ rules: inout [CSSRule], path: ArraySlice<Int>, fullPath: [Int], _ edit: (inout InlineStyle) -> Void
    ) throws(Failure) {
        guard let first = path.first else { throw Failure(message: "a style declaration without a rule index") }
        let here = describe(fullPath.prefix(fullPath.count - path.count + 1))
        guard first >= 0, first < rules.count else { throw Failure(message: "no rule at \(here)") }
        switch rules[first].body {
        case .rules(var children) where path.count > 1:
            rules[first].body = .statement
            defer { rules[first].body = .rules(children) }
            try editDeclarations(&children, path: path.dropFirst(), fullPath: fullPath, edit)
        case .declarations(var style) where path.count == 1:
            edit(&style)
            rules[first].body = .declarations(style)
        default:
            throw Failure(message: "no style rule at \(here)")
        }
    }

    private static func describe<Path: Collection<Int>>(_ path: Path) -> String {
        "index [" + path.map(String.init).joined(separator: ",") + "]"
    }

    private static func quoted(_ text: String) -> String {
        let short = text.count > 60 ? String(text.prefix(57)) + "..." : text
        return "\"" + short + "\""
    }

    /// The current rules, each as the CSSOM's `cssText`.
    var cssTexts: [String] { rules.map(\.cssText) }
}
