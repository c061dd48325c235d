// Why this file is unsafe: the holder of a serialized subtree is `@unchecked Sendable`, and its
// `node` opts out of Swift's run-time exclusivity checks with `@exclusivity(unchecked)`.
//
// What keeps it correct: the holder is changed only while no one else can see it: at creation,
// in `deinit`, and through `SubtreeStorage`'s `_modify`, which first makes sure the holder is
// uniquely referenced (copying it otherwise). A unique holder is reached only through the one
// `SubtreeStorage` value that owns it, whose accesses the compiler checks statically, so the
// run-time check could never fire; it cost a call into the runtime on every read of an added
// node's fields. The accessors are `@inlinable` so that the modules that read events (Replay)
// borrow the node in place instead of calling two accessor coroutines that each allocate a frame.

/// Holds the serialized subtree of a FullSnapshot or an added node, and takes it apart without recursion when released.
///
/// Releasing a tree of value types releases each level from inside the level
/// above, one machine-stack frame a level: a page thousands of elements deep
/// overflows a thread's stack (512 KB off the main thread) just by being
/// dropped. The holder drops the children level by level instead.
@usableFromInline
final class SerializedSubtree: @unchecked Sendable {
    // Changed only while no one else can see it: at creation, through `isKnownUniquelyReferenced`, and in `deinit`.
    @usableFromInline @exclusivity(unchecked) var node: SerializedNode

    @usableFromInline
    init(_ node: SerializedNode) {
        self.node = node
    }

    deinit {
        guard node.childNodes?.isEmpty == false else { return }
        // Moved, not copied: a second reference would keep every level alive until the end, and then release it recursively.
        var pending = [node.childNodes.take()!]
        while var level = pending.popLast() {
            // Each node's children leave it before it is released, so no release goes deeper than one level.
            for index in level.indices where level[index].childNodes?.isEmpty == false {
                pending.append(level[index].childNodes.take()!)
            }
        }
    }
}

extension SerializedSubtree: Equatable {
    @usableFromInline
    static func == (lhs: SerializedSubtree, rhs: SerializedSubtree) -> Bool {
        lhs === rhs || lhs.node == rhs.node
    }
}

/// The storage of a `SerializedNode` property whose tree is released level by level, never one nested call a level.
///
/// `FullSnapshot.node` and `AddedNode.node` hold whole subtrees; a page
/// thousands of elements deep would otherwise overflow a small thread stack
/// when the event is dropped. Reads borrow the node in place; a change copies
/// the holder first when another value shares it.
@usableFromInline
struct SubtreeStorage: Sendable, Equatable {
    @usableFromInline var subtree: SerializedSubtree

    init(_ node: SerializedNode) {
        subtree = SerializedSubtree(node)
    }

    @inlinable
    var node: SerializedNode {
        _read { yield subtree.node }
        _modify {
            if !isKnownUniquelyReferenced(&subtree) { subtree = SerializedSubtree(subtree.node) }
            yield &subtree.node
        }
    }
}
