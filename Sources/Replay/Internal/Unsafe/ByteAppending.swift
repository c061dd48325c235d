// Why this file is unsafe: the serializer's byte-copying primitives read a string's UTF-8, a
// `StaticString`'s bytes and an array's storage through raw buffer pointers, so a run of bytes
// is copied in one piece instead of element by element, without bounds checks.
//
// What keeps it correct: every buffer is borrowed for the call (`withUTF8`,
// `withUnsafeBufferPointer`, a `StaticString`'s immortal `utf8Start`) and read only within
// `0..<count` of it: runs are `runStart..<index` with `runStart <= index <= count`, and the
// ranges callers pass are checked against `count` with `precondition`.

extension Array where Element == UInt8 {
    /// Appends the UTF-8 of `text`; `withUTF8` gives small (inline) strings a buffer too, where `text.utf8` would go byte by byte.
    @inline(__always)
    mutating func appendUTF8(of text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends the bytes of `text` in one piece, straight from where the compiler placed them (a single byte as an element: cheaper than a copy).
    @inline(__always)
    mutating func appendBytes(of text: StaticString) {
        if text.utf8CodeUnitCount == 1 {
            append(text.utf8Start.pointee)
        } else {
            append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
    }

    /// Appends the first `count` bytes of `source` in one piece.
    @inline(__always)
    mutating func append(first count: Int, of source: [UInt8]) {
        precondition(count <= source.count, "more bytes than the source holds")
        source.withUnsafeBufferPointer { append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    /// Appends the UTF-8 of `text` with each byte `replacement` gives a reference for (called with the byte,
    /// whether it is the first, and whether it is the last) replaced by that reference; the runs between are copied whole.
    @inline(__always)
    mutating func appendUTF8(of text: String, replacing replacement: (UInt8, Bool, Bool) -> StaticString?) {
        var text = text
        text.withUTF8 { utf8 in
            let count = utf8.count
            var runStart = 0
            for index in 0..<count {
                guard let reference = replacement(utf8[index], index == 0, index == count - 1) else { continue }
                append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                append(contentsOf: UnsafeBufferPointer(start: reference.utf8Start, count: reference.utf8CodeUnitCount))
                runStart = index + 1
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
    }

    /// The bytes in `range`, decoded as UTF-8 straight from the array's storage.
    @inline(__always)
    func decodedUTF8(_ range: Range<Int>) -> String {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the bytes")
        return withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }
}
