// Why this file is unsafe: byte-scanning primitives of the JSON reader and writer that read
// memory through raw pointers (word-at-a-time unaligned loads, `memcmp`) with no bounds checks.
//
// What keeps it correct: each takes an `UnsafeBufferPointer` its caller borrowed for the call
// (from `withUnsafeBufferPointer`, a `StaticString` or the reader's input) and reads only
// within `0..<count` of it: the word loops stop 8 bytes before the end, `memcmp` compares
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

extension JSONReader {
    /// Where the text of a JSON string that starts at `start` stops (its first quote, backslash or control character, or the end) and whether all of it is ASCII.
    ///
    /// Scanned eight bytes at a time with the word tests of `firstByteNeedingEscape`. The lowest
    /// byte they flag is always one of those bytes (a false flag needs a borrow from a true one
    /// below it), so the first word that holds one tells where the run ends without a byte loop;
    /// the last few bytes of the input go byte by byte.
    static func stringRun(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, isASCII: Bool) {
        guard let base = bytes.baseAddress else { return (start, true) }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var offset = start
        var seen: UInt64 = 0
        while offset &+ 8 <= bytes.count {
            // In little-endian order, so the byte first in memory is the lowest.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let below = (word &- ones &* 0x20) & ~word
            let found = (below | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highBits
            if found != 0 {
                // The bytes before the first flagged one count for ASCII.
                let bit = found.trailingZeroBitCount
                let before = word & ((1 &<< UInt64(bit & ~7)) &- 1)
                return (offset &+ bit &>> 3, (seen | before) & highBits == 0)
            }
            seen |= word
            offset &+= 8
        }
        var isASCII = seen & highBits == 0
        while offset < bytes.count {
            let byte = base[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return (offset, isASCII) }
            if byte >= 0x80 { isASCII = false }
            offset &+= 1
        }
        return (offset, isASCII)
    }
}

extension JSONReader {
    /// The offset of the first byte at or after `start` that is not JSON white space (space, tab, line feed, carriage return), or the end.
    ///
    /// Eight bytes at a time: a word of spaces (indentation) is one comparison;
    /// otherwise the first byte that is not a space is found with a per-byte
    /// test that cannot borrow across bytes, and is the answer unless it is
    /// other white space, which is stepped over.
    static func whitespaceEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let spaces: UInt64 = 0x2020_2020_2020_2020
        let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var offset = start
        while offset &+ 8 <= bytes.count {
            // In little-endian order, so the byte first in memory is the lowest.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            if word == spaces {
                offset &+= 8
                continue
            }
            // The high bit of each byte that is not a space.
            let difference = word ^ spaces
            let notSpace = ((difference & lowBits) &+ lowBits) | difference
            let first = offset &+ (notSpace & ~lowBits).trailingZeroBitCount &>> 3
            switch base[first] {
            case 0x0A, 0x0D, 0x09: offset = first &+ 1
            default: return first
            }
        }
        while offset < bytes.count {
            switch base[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset &+= 1
            default: return offset
            }
        }
        return offset
    }
}

/// Compares a raw member name with a name written in the source.
func == (name: UnsafeBufferPointer<UInt8>, literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard name.count == count else { return false }
    return count == 0 || memcmp(name.baseAddress!, literal.utf8Start, count) == 0
}
