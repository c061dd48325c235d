// Why this file is unsafe: the DOM tree's node arena and id map opt out of Swift's run-time
// exclusivity checks with `@exclusivity(unchecked)`.
//
// What keeps it correct: a tree belongs to one reconstruction on one thread, and every access
// to `nodes` or `denseMap` is short: no code passes either `inout` (or mutates it in place)
// across a call that could reach the same tree. `subscript(handle:)` yields a node in place;
// its callers change that node's fields and never call back into the tree while they hold it.
//
// What it pays (callgrind instructions of replay-bench reconstruct --runs 1):
//   generated 5.9 MB session:      555.6M with the marks, 611.9M without (+10.1%)
//   rrweb-player-demo-2018.json:  34.36M with the marks, 35.40M without (+3.0%)
// The checks are spread over every small tree operation (`lookup`, `map`, `contains`, `create`,
// `detach`, `insert`, ...); dropping the marks means holding the tree as a struct `inout` for a
// whole event in `Reconstructor`, which is not done yet.
//
// Stored properties have to be declared with their class, so the class is declared here and
// its operations live in an extension in DOM/DOMTree.swift.

/// The reconstructed DOM: an arena of nodes and rrweb's id map (the "mirror").
///
/// Nodes are never freed; a removed node just loses its parent and its map
/// entry, as in the browser, where a detached node lives on while referenced.
final class DOMTree {
    /// The arena of nodes.
    ///
    /// This array and `denseMap` are read and written on every step of reconstruction, so they
    /// skip the run-time exclusivity check (see the top of this file: +10.1% instructions without).
    @exclusivity(unchecked) var nodes: [DOMNode] = []
    /// rrweb id → node; ids are dense in practice, so a growable array with a dictionary fallback.
    @exclusivity(unchecked) var denseMap: [NodeHandle] = []
    var sparseMap: [Int: NodeHandle] = [:]
    /// The top document, or -1 before the first FullSnapshot.
    var root: NodeHandle = -1

    init() {}

    /// Forgets every node (a FullSnapshot is a hard reset) and makes room for `expectedNodes` new ones.
    ///
    /// Nodes are large; growing the arena one doubling at a time would copy them over and over.
    func reset(expectedNodes: Int = 0) {
        nodes.removeAll(keepingCapacity: true)
        nodes.reserveCapacity(expectedNodes)
        denseMap.removeAll(keepingCapacity: true)
        sparseMap.removeAll()
        root = -1
    }

    /// The node at `handle`; reads borrow it in place instead of copying the whole struct.
    subscript(handle: NodeHandle) -> DOMNode {
        _read { yield nodes[Int(handle)] }
        _modify { yield &nodes[Int(handle)] }
    }

    func create(_ node: consuming DOMNode) -> NodeHandle {
        nodes.append(node)
        return NodeHandle(nodes.count - 1)
    }
}
