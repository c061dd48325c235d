// Why this file is unsafe: byte-scanning primitives of the JSON reader and writer that read
// memory through raw pointers (word-at-a-time unaligned loads, `memcmp`) with no bounds checks.
//
// What keeps it correct: each takes an `UnsafeBufferPointer` its caller borrowed for the call
// (from `withUnsafeBufferPointer`, a `StaticString` or the reader's input) and reads only
// within `0..<count` of it: the word loop stops 8 bytes before the end, `memcmp` compares
// exactly `count` bytes of two spans both known to be that long.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONWriter {
    /// The offset of the first byte a JSON string must escape (a control character, a quote or a backslash), if any.
    ///
    /// Most text has none, so it is scanned eight bytes at a time: a word is looked at byte by byte
    /// only when the exact word tests below say it holds such a byte.
    static func firstByteNeedingEscape(in utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = utf8.baseAddress else { return nil }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset &+ 8 <= utf8.count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            // Nonzero exactly when a byte is below 0x20, or is 0x22 or 0x5C (a zero byte after the XOR).
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let below = (word &- ones &* 0x20) & ~word
            let found = (below | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highBits
            if found != 0 { break }
            offset &+= 8
        }
        while offset < utf8.count {
            let byte = base[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return offset }
            offset &+= 1
        }
        return nil
    }
}

/// Compares a raw member name with a name written in the source.
func == (name: UnsafeBufferPointer<UInt8>, literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard name.count == count else { return false }
    return count == 0 || memcmp(name.baseAddress!, literal.utf8Start, count) == 0
}
