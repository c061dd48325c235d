/// A line diff (Myers' algorithm) printed as unified hunks.
///
/// ```swift
/// print(LineDiff(old: ["a", "b"], new: ["a", "c"]).unified())
/// // @@ -1,2 +1,2 @@
/// //  a
/// // -b
/// // +c
/// ```
public struct LineDiff: Sendable {
    /// One line of the edit script.
    public enum Edit: Sendable, Equatable {
        case same(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    public let old: [String]
    public let new: [String]
    public let edits: [Edit]

    public init(old: [String], new: [String]) {
        self.old = old
        self.new = new
        edits = Self.myers(old, new)
    }

    /// Splits text into lines; a final newline does not make an empty last line.
    public static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    public var isEmpty: Bool { !edits.contains { if case .same = $0 { return false } else { return true } } }

    /// Unified-diff hunks with `context` lines around each change, at most `maximumLines` lines.
    public func unified(context: Int = 3, maximumLines: Int = 120) -> String {
        var changed: [Int] = []
        for (index, edit) in edits.enumerated() {
            if case .same = edit { continue }
            changed.append(index)
        }
        guard !changed.isEmpty else { return "" }
        // Group changes whose context windows touch.
        var groups: [ClosedRange<Int>] = []
        for index in changed {
            let low = max(0, index - context)
            let high = min(edits.count - 1, index + context)
            if let last = groups.last, low <= last.upperBound + 1 {
                groups[groups.count - 1] = last.lowerBound...max(last.upperBound, high)
            } else {
                groups.append(low...high)
            }
        }
        var output: [String] = []
        for group in groups {
            var oldStart: Int?
            var newStart: Int?
            var oldCount = 0
            var newCount = 0
            var body: [String] = []
            for edit in edits[group] {
                switch edit {
                case .same(let o, let n):
                    oldStart = oldStart ?? o
                    newStart = newStart ?? n
                    oldCount += 1
                    newCount += 1
                    body.append(" " + old[o])
                case .delete(let o):
                    oldStart = oldStart ?? o
                    oldCount += 1
                    body.append("-" + old[o])
                case .insert(let n):
                    newStart = newStart ?? n
                    newCount += 1
                    body.append("+" + new[n])
                }
            }
            let oldLine = oldCount == 0 ? (oldStart ?? 0) : (oldStart ?? 0) + 1
            let newLine = newCount == 0 ? (newStart ?? 0) : (newStart ?? 0) + 1
            output.append("@@ -\(oldLine),\(oldCount) +\(newLine),\(newCount) @@")
            output += body
        }
        if output.count > maximumLines {
            let hidden = output.count - maximumLines
            output = Array(output.prefix(maximumLines)) + ["… \(hidden) more diff lines"]
        }
        return output.joined(separator: "\n")
    }

    /// The shortest edit script, by Myers' O((N+M)D) greedy algorithm with a saved trace.
    static func myers(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count
        let m = b.count
        let maximum = n + m
        if maximum == 0 { return [] }
        var v = [Int](repeating: 0, count: 2 * maximum + 2)
        var trace: [[Int]] = []
        let offset = maximum + 1
        search: for d in 0...maximum {
            trace.append(v)
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m { trace.append(v); break search }
                k += 2
            }
        }
        // Walk the trace back from (n, m).
        var edits: [Edit] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 2, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK: Int
            if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                edits.append(.same(old: x, new: y))
            }
            if d > 0 {
                if x == previousX {
                    y -= 1
                    edits.append(.insert(new: y))
                } else {
                    x -= 1
                    edits.append(.delete(old: x))
                }
            }
        }
        while x > 0, y > 0 {
            x -= 1
            y -= 1
            edits.append(.same(old: x, new: y))
        }
        return edits.reversed()
    }
}
