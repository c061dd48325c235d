/// Recordings of pages nested thousands of elements deep, for the tests that nothing recurses once per level.
///
/// ```swift
/// let bytes = DeepDocument.recording(depth: 4_000)   // a JSON array of events
/// ```
package enum DeepDocument {
    /// The id of the innermost `<div>` of the snapshot.
    package static func innermostId(depth: Int) -> Int { 4 + depth }

    /// Meta, a FullSnapshot whose body holds `depth` nested `<div>`s with a text at the bottom, then a mutation
    /// that adds `addedDepth` more nested `<span>`s below the innermost div (one add each), an attribute change and a text change.
    ///
    /// Ids: document 1, html 2, head 3, body 4, the divs 5..., the text `depth + 5`, the spans after it.
    package static func recording(depth: Int, addedDepth: Int = 0, lineSeparated: Bool = false) -> [UInt8] {
        let innermost = innermostId(depth: depth)
        var snapshot = #"{"type":2,"timestamp":1000,"data":{"initialOffset":{"top":0,"left":0},"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"id":3,"tagName":"head","attributes":{},"childNodes":[]},{"type":2,"id":4,"tagName":"body","attributes":{},"childNodes":["#
        for level in 0..<depth {
            snapshot += #"{"type":2,"id":\#(5 + level),"tagName":"div","attributes":{"class":"l\#(level)"},"childNodes":["#
        }
        snapshot += #"{"type":3,"id":\#(innermost + 1),"textContent":"bottom"}"#
        snapshot += String(repeating: "]}", count: depth)
        snapshot += "]}]}]}}}"
        // rrweb records each added node on its own (the replayer builds it without children), parents first.
        let adds = (0..<addedDepth).map { level in
            let parent = level == 0 ? innermost : innermost + 1 + level
            return #"{"parentId":\#(parent),"nextId":null,"node":{"type":2,"id":\#(innermost + 2 + level),"tagName":"span","attributes":{},"childNodes":[]}}"#
        }
        var mutation = #"{"type":3,"timestamp":2000,"data":{"source":0,"adds":["# + adds.joined(separator: ",")
        mutation += #"],"removes":[],"texts":[{"id":\#(innermost + 1),"value":"changed at the bottom"}],"attributes":[{"id":\#(innermost),"attributes":{"class":"innermost"}}]}}"#
        let events = [
            #"{"type":4,"timestamp":1000,"data":{"href":"https://deep.example/","width":800,"height":600}}"#,
            snapshot,
            mutation,
        ]
        let text = lineSeparated ? events.joined(separator: "\n") + "\n" : "[" + events.joined(separator: ",") + "]"
        return Array(text.utf8)
    }
}
