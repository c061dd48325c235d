// Why this file is unsafe: it reads the bytes of a `StaticString` through its `utf8Start` pointer.
//
// What keeps it correct: a `StaticString`'s bytes are immortal and exactly `utf8CodeUnitCount`
// long, and every read stays within that count.

/// Searching and replacing the bytes of text written in the source, in UTF-8 bytes.
///
/// A byte search suits the ASCII markers the replayer looks for (`:hover`,
/// `--`, `</style`): an ASCII byte never occurs inside a multi-byte character.
enum StaticBytes {
    /// Where `text` next occurs in `bytes`, at or after `from`.
    static func firstIndex<Bytes: RandomAccessCollection<UInt8>>(of text: StaticString, in bytes: Bytes, from: Int) -> Int?
    where Bytes.Index == Int {
        let pattern = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        guard let first = pattern.first else { return nil }
        var start = from
        while start + pattern.count <= bytes.endIndex {
            if bytes[start] == first, bytes[start..<start + pattern.count].elementsEqual(pattern) { return start }
            start += 1
        }
        return nil
    }

    /// `bytes` with every `text` replaced by `replacement`, left to right; nil when `text` does not occur.
    static func replacing(_ text: StaticString, with replacement: StaticString, in bytes: ArraySlice<UInt8>) -> [UInt8]? {
        guard var found = firstIndex(of: text, in: bytes, from: bytes.startIndex) else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 16)
        var copied = bytes.startIndex
        while true {
            result.append(contentsOf: bytes[copied..<found])
            result.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            copied = found + text.utf8CodeUnitCount
            guard let next = firstIndex(of: text, in: bytes, from: copied) else { break }
            found = next
        }
        result.append(contentsOf: bytes[copied...])
        return result
    }
}
