/// Finds the known word closest to a misspelt one, for "did you mean" labels.
enum NearMiss {
    /// The candidate within a small edit distance of `word`, first one wins ties; nil when none is close.
    ///
    /// Distances count UTF-8 bytes, which is exact for the ASCII keywords, ids and URLs it is used on.
    static func closest(to word: String, among candidates: [String]) -> String? {
        closest(to: word, among: Candidates(candidates))
    }

    /// Words to suggest from, with their bytes and byte-presence masks computed once.
    struct Candidates: Sendable {
        let words: [String]
        let bytes: [[UInt8]]
        let masks: [UInt64]

        init(_ words: [String]) {
            self.words = words
            bytes = words.map { Array($0.utf8) }
            masks = bytes.map(NearMiss.presence)
        }
    }

    /// Like `closest(to:among:)` for a prepared candidate list (the keyword lists are prepared once).
    static func closest(to word: String, among candidates: Candidates) -> String? {
        let wordBytes = Array(word.utf8)
        guard !wordBytes.isEmpty, wordBytes.count <= 200 else { return nil }
        // A third of the word, but never more than three edits: farther words are not "near".
        let limit = max(1, min(3, wordBytes.count / 3))
        var best: (candidate: String, distance: Int)?
        var rows = Rows(width: 0)
        let wordMask = presence(wordBytes)
        for index in candidates.words.indices {
            let length = candidates.bytes[index].count
            guard length <= wordBytes.count + limit, length + limit >= wordBytes.count else { continue }
            // One edit changes whether at most two byte values occur, so this bounds the distance from below.
            guard (wordMask ^ candidates.masks[index]).nonzeroBitCount <= 2 * limit else { continue }
            let distance = editDistance(wordBytes, candidates.bytes[index], rows: &rows, giveUpAbove: limit)
            guard distance > 0 else { continue }
            let candidate = candidates.words[index]
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// A 64-bit set of which byte values (folded mod 64) occur.
    static func presence(_ bytes: [UInt8]) -> UInt64 {
        var mask: UInt64 = 0
        for byte in bytes { mask |= 1 << UInt64(byte & 63) }
        return mask
    }

    /// Three reusable rows of the distance table.
    struct Rows {
        var beforePrevious: [Int]
        var previous: [Int]
        var current: [Int]

        init(width: Int) {
            beforePrevious = [Int](repeating: 0, count: width)
            previous = beforePrevious
            current = beforePrevious
        }
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var rows = Rows(width: 0)
        return editDistance(a, b, rows: &rows, giveUpAbove: .max)
    }

    /// The distance, or some value above `giveUpAbove` as soon as a whole row exceeds it.
    private static func editDistance(_ a: [UInt8], _ b: [UInt8], rows: inout Rows, giveUpAbove bound: Int) -> Int {
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
