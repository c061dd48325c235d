/// Finds the known word closest to a misspelt one, for every "did you mean" in the package.
///
/// One rule serves the CLI, the adapters and `.scenario` diagnostics alike: a
/// candidate is near when it is at most a third of the word's length away (at
/// least one edit, at most three), counted in Unicode scalars with swaps of
/// neighbours as one edit; the word itself is never suggested, and the first
/// of equally near candidates wins.
///
/// ```swift
/// Suggestions.closest(to: "--jsn", among: ["--json", "--out"]) // "--json"
/// ```
package enum Suggestions {
    /// The candidate near `word`, or nil when none is.
    package static func closest(to word: String, among candidates: [String]) -> String? {
        closest(to: word, among: Candidates(candidates))
    }

    /// Words to suggest from, with their scalars and presence masks computed once (keyword lists are prepared once).
    package struct Candidates: Sendable {
        let words: [String]
        let scalars: [[UInt32]]
        let masks: [UInt64]

        package init(_ words: [String]) {
            self.words = words
            scalars = words.map(Suggestions.scalars)
            masks = scalars.map(Suggestions.presence)
        }
    }

    /// Like `closest(to:among:)` for a prepared candidate list.
    package static func closest(to word: String, among candidates: Candidates) -> String? {
        let wordScalars = scalars(word)
        // Longer input is a pasted value, not a misspelling, and would make every comparison slow.
        guard !wordScalars.isEmpty, wordScalars.count <= 200 else { return nil }
        // A third of the word, but never more than three edits: farther words are not "near".
        let limit = max(1, min(3, wordScalars.count / 3))
        var best: (candidate: String, distance: Int)?
        var rows = Rows(width: 0)
        let wordMask = presence(wordScalars)
        for index in candidates.words.indices {
            let length = candidates.scalars[index].count
            guard length <= wordScalars.count + limit, length + limit >= wordScalars.count else { continue }
            // One edit changes whether at most two (folded) scalar values occur, so this bounds the distance from below.
            guard (wordMask ^ candidates.masks[index]).nonzeroBitCount <= 2 * limit else { continue }
            let distance = editDistance(wordScalars, candidates.scalars[index], rows: &rows, giveUpAbove: limit)
            guard distance > 0 else { continue }
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidates.words[index], distance)
            }
        }
        return best?.candidate
    }

    private static func scalars(_ word: String) -> [UInt32] {
        word.unicodeScalars.map(\.value)
    }

    /// A 64-bit set of which scalar values (folded mod 64) occur.
    private static func presence(_ scalars: [UInt32]) -> UInt64 {
        var mask: UInt64 = 0
        for scalar in scalars { mask |= 1 << UInt64(scalar & 63) }
        return mask
    }

    /// Three reusable rows of the distance table.
    private struct Rows {
        var beforePrevious: [Int]
        var previous: [Int]
        var current: [Int]

        init(width: Int) {
            beforePrevious = [Int](repeating: 0, count: width)
            previous = beforePrevious
            current = beforePrevious
        }
    }

    /// The optimal-string-alignment distance, or some value above `giveUpAbove` as soon as a whole row exceeds it.
    ///
    /// It counts insertions, deletions, substitutions and swaps of neighbours,
    /// so "dorp" is one edit from "drop".
    private static func editDistance(_ a: [UInt32], _ b: [UInt32], rows: inout Rows, giveUpAbove bound: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        if rows.current.count < width { rows = Rows(width: width) }
        for j in 0..<width { rows.previous[j] = j }
        for i in 1...a.count {
            rows.current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                // Written out rather than with min(_:_:_:), which is a slow generic call in debug builds.
                var value = rows.previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                let deletion = rows.previous[j] + 1
                if deletion < value { value = deletion }
                let insertion = rows.current[j - 1] + 1
                if insertion < value { value = insertion }
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1], rows.beforePrevious[j - 2] + 1 < value {
                    value = rows.beforePrevious[j - 2] + 1
                }
                rows.current[j] = value
                if value < rowMinimum { rowMinimum = value }
            }
            if rowMinimum > bound { return rowMinimum }
            swap(&rows.beforePrevious, &rows.previous)
            swap(&rows.previous, &rows.current)
        }
        return rows.previous[b.count]
    }
}
