// Why this file is unsafe: these helpers read array elements through the array's buffer pointer
// (so a large struct is borrowed in place, not copied with a retain of every field) and keep
// scratch indices in uninitialized stack memory (`withUnsafeTemporaryAllocation`).
//
// What keeps it correct: the buffer pointer is borrowed only for the loop over `indices`, and
// the array is not mutated while it is borrowed (the body gets the element, not the array). The
// temporary allocation has exactly `count` slots, and the insertion sort writes slot `position`
// only for `position <= index < count`, so every slot is written before the loop that reads it.

extension Array {
    /// Calls `body` on each element, read in place from the array's storage.
    @inline(__always)
    func forEachInPlace(_ body: (Element) throws -> Void) rethrows {
        try withUnsafeBufferPointer { elements in
            for index in elements.indices { try body(elements[index]) }
        }
    }
}

/// Calls `body` with each index in `0..<count`, in the order `precedes` sorts them (stable), without allocating.
///
/// An insertion sort of indices on the stack: for the handful of items that is the rule
/// (an element's attributes), cheaper than sorting a copy.
@inline(__always)
func forEachIndexSorted(count: Int, by precedes: (Int, Int) -> Bool, _ body: (Int) -> Void) {
    withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { order in
        for index in 0..<count {
            var position = index
            while position > 0, precedes(index, order[position - 1]) {
                order[position] = order[position - 1]
                position -= 1
            }
            order[position] = index
        }
        for index in order { body(index) }
    }
}
