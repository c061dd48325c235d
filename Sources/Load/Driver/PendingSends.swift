/// Sends waiting for their moment, soonest first (ties in the order they were added): a binary min-heap.
struct PendingSends {
    struct Entry {
        var intended: UInt64
        var order: UInt64
        var token: Int
    }

    private var heap: [Entry] = []
    private var added: UInt64 = 0

    var count: Int { heap.count }
    var first: Entry? { heap.first }

    mutating func add(intended: UInt64, token: Int) {
        heap.append(Entry(intended: intended, order: added, token: token))
        added += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeFirst() -> Entry {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, Self.before(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, Self.before(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }

    private static func before(_ a: Entry, _ b: Entry) -> Bool {
        (a.intended, a.order) < (b.intended, b.order)
    }
}
