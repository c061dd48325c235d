/// Every style sheet of a reconstructed DOM that differs from what its markup says.
///
/// A `<style>` element's sheet is its text until a StyleSheetRule or
/// StyleDeclaration event changes it through the CSSOM; from then on it is
/// held here, until the element's text changes (a browser parses the sheet
/// afresh then, losing CSSOM changes). Constructed sheets live by rrweb
/// `styleId` (its `styleMirror`) and are adopted, in order, by documents and
/// shadow hosts.
struct StyleSheets {
    /// CSSOM-changed sheets of `<style>` elements, by element.
    var elementSheets: [NodeHandle: StyleSheet] = [:]
    /// Constructed sheets by rrweb `styleId`.
    var constructed: [Int: StyleSheet] = [:]
    /// The `styleId`s a document or shadow host adopts, in order.
    var adopted: [NodeHandle: [Int]] = [:]

    /// The adopted sheets of `handle` as `(styleId, rules)` pairs, in adoption order; sheets never constructed are left out.
    func adoptedSheets(of handle: NodeHandle) -> [(styleId: Int, sheet: StyleSheet)] {
        (adopted[handle] ?? []).compactMap { id in constructed[id].map { (id, $0) } }
    }
}
