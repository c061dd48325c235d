/// A set of sequence numbers held as sorted, disjoint runs, so a stream's batches 0, 1, 2 … n cost one run.
///
/// The batch index keeps one per (session, window) to know, without a per-batch entry, which sequences are
/// stored. Runs that touch are merged, so memory grows only with the gaps a client leaves.
struct SequenceRuns: Equatable {
    /// The runs, sorted, none touching another.
    private(set) var runs: [ClosedRange<Int64>] = []

    /// Whether `value` is in the set.
    func contains(_ value: Int64) -> Bool {
        let after = firstRun(startingAfter: value)
        return after > 0 && runs[after - 1].contains(value)
    }

    /// Adds `value`, extending or merging the runs it touches.
    mutating func insert(_ value: Int64) {
        // Wrapping arithmetic: at Int64.min and .max no run can touch from beyond, and nothing traps.
        let after = firstRun(startingAfter: value)
        let extendsBefore = after > 0 && (runs[after - 1].contains(value) || runs[after - 1].upperBound == value &- 1)
        let extendsAfter = after < runs.count && runs[after].lowerBound == value &+ 1
        switch (extendsBefore, extendsAfter) {
        case (true, true):
            runs[after - 1] = runs[after - 1].lowerBound...runs[after].upperBound
            runs.remove(at: after)
        case (true, false):
            runs[after - 1] = runs[after - 1].lowerBound...max(runs[after - 1].upperBound, value)
        case (false, true):
            runs[after] = value...runs[after].upperBound
        case (false, false):
            runs.insert(value...value, at: after)
        }
    }

    /// The index of the first run that starts after `value` (`runs.count` when none does).
    private func firstRun(startingAfter value: Int64) -> Int {
        // Streams arrive in order, so the last run is checked before searching.
        if let last = runs.last, last.lowerBound <= value { return runs.count }
        var low = 0, high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].lowerBound <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
