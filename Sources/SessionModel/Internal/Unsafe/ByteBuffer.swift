// Why this file is unsafe: `ByteBuffer` manages its own allocation (malloc/realloc/free) and
// writes through raw pointers, without bounds checks or a uniqueness check per append.
//
// What keeps it correct: every write goes through `reserve(_:)`, which makes room for the bytes
// about to be written (and takes private storage unless this buffer owns the storage's end),
// then `commit(_:)`, which counts exactly the bytes written; reads never go past `count`. The
// multi-member appends reserve the most their members can write (`memberRoom`) once, then write
// the members one after another inside that room.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte array for `JSONWriter`, cheaper to append to than `[UInt8]`.
///
/// `Array.append(contentsOf:)` goes through the generic sequence path for every
/// short run of bytes a writer appends; this buffer reserves room and copies.
/// It has value semantics without a uniqueness check per append: buffers only ever
/// append, so copies that share storage may all read it, and the one whose end is
/// the storage's end may append in place; any other takes its own storage first.
/// That end is not synchronized, so the buffer (like `JSONWriter`) is not `Sendable`:
/// copies that share storage stay on one thread.
struct ByteBuffer {
    /// The allocation behind one or more buffers.
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int
        /// The `count` of the buffer that appended last: only a buffer with this many bytes may append in place.
        var end = 0

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
        }

        /// Grows the allocation in place where the allocator can (large blocks are remapped, not copied).
        func grow(to newCapacity: Int) {
            base = realloc(base, newCapacity)!.assumingMemoryBound(to: UInt8.self)
            capacity = newCapacity
        }

        deinit { free(base) }
    }

    private var storage: Storage
    /// How many bytes are written.
    private(set) var count = 0

    init(capacity: Int) {
        storage = Storage(capacity: capacity)
    }

    /// The bytes written, as an array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: count)) }

    /// Lends the bytes written, in place.
    func withUnsafeBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// Makes this buffer the only one holding its storage (copying the bytes written when another
    /// buffer shares it), so no other buffer can append to it or move it.
    mutating func takeSoleStorage() {
        guard !isKnownUniquelyReferenced(&storage) else { return }
        let copy = Storage(capacity: count)
        copy.base.initialize(from: storage.base, count: count)
        copy.end = count
        storage = copy
    }

    /// Room for `extra` more bytes that this buffer may write; returns where they go. Call `commit` after writing.
    @inline(__always)
    private mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if storage.end != count || count + extra > storage.capacity { makeRoom(atLeast: count + extra) }
        return storage.base + count
    }

    /// Counts `written` bytes that were written where `reserve` said.
    @inline(__always)
    private mutating func commit(_ written: Int) {
        count += written
        storage.end = count
    }

    /// Makes the storage this buffer's to append to, holding at least `needed` bytes.
    @inline(never)
    private mutating func makeRoom(atLeast needed: Int) {
        if isKnownUniquelyReferenced(&storage) {
            if needed > storage.capacity { storage.grow(to: max(needed, storage.capacity * 2)) }
        } else {
            let copy = Storage(capacity: max(needed, storage.capacity * 2))
            copy.base.initialize(from: storage.base, count: count)
            storage = copy
        }
        storage.end = count
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        commit(1)
    }

    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8) {
        let target = reserve(2)
        target[0] = first
        target[1] = second
        commit(2)
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count).initialize(from: source, count: bytes.count)
        commit(bytes.count)
    }

    /// Appends the bytes of an ASCII literal.
    @inline(__always)
    mutating func append(ascii literal: StaticString) {
        let length = literal.utf8CodeUnitCount
        ByteBuffer.copyShort(literal.utf8Start, count: length, to: reserve(length))
        commit(length)
    }

    /// Copies `count` bytes, most often a short literal, without a call to `memcpy` up to 16 bytes.
    ///
    /// A run of 4 to 16 bytes is copied as two words that may overlap: the first and the last.
    @inline(__always)
    private static func copyShort(_ source: UnsafePointer<UInt8>, count: Int, to target: UnsafeMutablePointer<UInt8>) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        if count >= 8 {
            guard count <= 16 else { target.initialize(from: source, count: count); return }
            to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self), toByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 {
            to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self), toByteOffset: count &- 4, as: UInt32.self)
        } else {
            for index in 0..<count { target[index] = source[index] }
        }
    }

    /// Appends `"`, the bytes, and `"`: a JSON string whose text needs no escapes.
    @inline(__always)
    mutating func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>) {
        let target = reserve(bytes.count + 2)
        target[0] = UInt8(ascii: "\"")
        if let source = bytes.baseAddress { (target + 1).initialize(from: source, count: bytes.count) }
        target[bytes.count + 1] = UInt8(ascii: "\"")
        commit(bytes.count + 2)
    }

    /// Appends a member name and its colon (`"id":`), after a comma unless it is the first member.
    @inline(__always)
    mutating func appendKey(_ key: StaticString, first: Bool) {
        let length = key.utf8CodeUnitCount
        let target = reserve(length + 4)
        var position = 0
        if !first {
            target[0] = UInt8(ascii: ",")
            position = 1
        }
        target[position] = UInt8(ascii: "\"")
        ByteBuffer.copyShort(key.utf8Start, count: length, to: target + position + 1)
        target[position + length + 1] = UInt8(ascii: "\"")
        target[position + length + 2] = UInt8(ascii: ":")
        commit(position + length + 3)
    }

    /// Appends the decimal digits of `magnitude`, with a minus sign first when `negative`.
    mutating func appendDecimal(_ magnitude: UInt64, negative: Bool) {
        let length = ByteBuffer.decimalDigitCount(magnitude) + (negative ? 1 : 0)
        ByteBuffer.writeDecimal(magnitude, negative: negative, length: length, to: reserve(length))
        commit(length)
    }

    /// Appends an ASCII literal and then the decimal digits of `number`, with one capacity check for both.
    ///
    /// Inlined into every caller: there the literal's length is a constant, so copying it is a
    /// couple of stores instead of a branch on the length (~100 instructions a call before).
    @inline(__always)
    mutating func append(ascii prefix: StaticString, decimal number: Int64) {
        let prefixLength = prefix.utf8CodeUnitCount
        if number >= 0, number < 10 {
            // Ids, sources, types and flags: one digit is the most common number of all.
            let target = reserve(prefixLength &+ 1)
            ByteBuffer.copyShort(prefix.utf8Start, count: prefixLength, to: target)
            target[prefixLength] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: number)
            commit(prefixLength &+ 1)
            return
        }
        let negative = number < 0
        let length = ByteBuffer.decimalDigitCount(number.magnitude) + (negative ? 1 : 0)
        let target = reserve(prefixLength + length)
        ByteBuffer.copyShort(prefix.utf8Start, count: prefixLength, to: target)
        ByteBuffer.writeDecimal(number.magnitude, negative: negative, length: length, to: target + prefixLength)
        commit(prefixLength + length)
    }

    /// The most bytes `appendMember` writes for a literal of `prefixLength` bytes: the literal, a sign and 19 digits.
    @inline(__always)
    static func memberRoom(_ prefixLength: Int) -> Int { prefixLength &+ 20 }

    /// Appends an ASCII literal and then the decimal digits of `number`, where `reserveRoom` already made room.
    ///
    /// For a run of members written with one capacity check: the caller reserved `memberRoom` bytes
    /// for this member (and the others of the run) since the last check.
    @inline(__always)
    private mutating func appendMember(_ prefix: StaticString, _ number: Int64) {
        let prefixLength = prefix.utf8CodeUnitCount
        let target = storage.base + count
        ByteBuffer.copyShort(prefix.utf8Start, count: prefixLength, to: target)
        if number >= 0, number < 10 {
            target[prefixLength] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: number)
            commit(prefixLength &+ 1)
            return
        }
        var digits = target + prefixLength
        if number < 0 {
            digits.pointee = UInt8(ascii: "-")
            digits += 1
        }
        let magnitude = number.magnitude
        let length = ByteBuffer.writeCommonDecimal(magnitude, to: digits)
        if length > 0 {
            commit(prefixLength &+ (number < 0 ? 1 : 0) &+ length)
            return
        }
        let digitCount = ByteBuffer.decimalDigitCount(magnitude)
        ByteBuffer.writeDecimal(magnitude, negative: false, length: digitCount, to: digits)
        commit(prefixLength &+ (number < 0 ? 1 : 0) &+ digitCount)
    }

    /// Writes the digits of the numbers members hold most often without counting digits first or looping:
    /// up to four digits (ids, coordinates, offsets) and thirteen (epoch milliseconds, 2001 to 2286).
    /// Returns how many it wrote, or 0, writing nothing, for any other number.
    @inline(__always)
    private static func writeCommonDecimal(_ magnitude: UInt64, to target: UnsafeMutablePointer<UInt8>) -> Int {
        if magnitude < 10_000 {
            let value = UInt32(truncatingIfNeeded: magnitude)
            if value < 100 {
                if value < 10 {
                    target[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)
                    return 1
                }
                storePair(value, at: target)
                return 2
            }
            let high = value / 100, low = value % 100
            if high < 10 {
                target[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: high)
                storePair(low, at: target + 1)
                return 3
            }
            storePair(high, at: target)
            storePair(low, at: target + 2)
            return 4
        }
        guard magnitude >= 1_000_000_000_000, magnitude < 10_000_000_000_000 else { return 0 }
        // 13 digits: the first five (10000 to 99999), then eight in two runs of four.
        let first = UInt32(truncatingIfNeeded: magnitude / 100_000_000)
        let rest = UInt32(truncatingIfNeeded: magnitude % 100_000_000)
        target[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: first / 10_000)
        storeQuad(first % 10_000, at: target + 1)
        storeQuad(rest / 10_000, at: target + 5)
        storeQuad(rest % 10_000, at: target + 9)
        return 13
    }

    /// Writes the four digits of `value` (below 10,000, with leading zeros).
    @inline(__always)
    private static func storeQuad(_ value: UInt32, at target: UnsafeMutablePointer<UInt8>) {
        storePair(value / 100, at: target)
        storePair(value % 100, at: target + 2)
    }

    /// Writes the two digits of `value` (below 100, with a leading zero) from the pairs table.
    @inline(__always)
    private static func storePair(_ value: UInt32, at target: UnsafeMutablePointer<UInt8>) {
        let pair = Int(truncatingIfNeeded: value) &* 2
        let table = digitPairs.utf8Start
        target[0] = table[pair]
        target[1] = table[pair &+ 1]
    }

    /// "00", "01", ... "99": two digits per division (a literal, so reading it needs no lazy global).
    private static let digitPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Appends two literal-and-number members and a closing literal (`,"timestamp":N,"type":N}`)
    /// with one capacity check.
    @inline(__always)
    mutating func append(_ first: StaticString, _ n1: Int64, _ second: StaticString, _ n2: Int64, closing: StaticString) {
        _ = reserve(ByteBuffer.memberRoom(first.utf8CodeUnitCount) &+ ByteBuffer.memberRoom(second.utf8CodeUnitCount) &+ closing.utf8CodeUnitCount)
        appendMember(first, n1)
        appendMember(second, n2)
        appendReserved(closing)
    }

    /// Appends four literal-and-number members and a closing literal (`{"id":N,...,"y":N}`) with one capacity check.
    @inline(__always)
    mutating func append(_ first: StaticString, _ n1: Int64, _ second: StaticString, _ n2: Int64, _ third: StaticString, _ n3: Int64, _ fourth: StaticString, _ n4: Int64, closing: StaticString) {
        let room = ByteBuffer.memberRoom(first.utf8CodeUnitCount) &+ ByteBuffer.memberRoom(second.utf8CodeUnitCount)
            &+ ByteBuffer.memberRoom(third.utf8CodeUnitCount) &+ ByteBuffer.memberRoom(fourth.utf8CodeUnitCount) &+ closing.utf8CodeUnitCount
        _ = reserve(room)
        appendMember(first, n1)
        appendMember(second, n2)
        appendMember(third, n3)
        appendMember(fourth, n4)
        appendReserved(closing)
    }

    /// Room left of the last `reserveRoom`, which `appendInRoom` writes into.
    private var room = 0

    /// Makes room for a run of `appendInRoom` calls of at most `room` bytes (`memberRoom` per member,
    /// the length of each literal), with one capacity check for the whole run.
    @inline(__always)
    mutating func reserveRoom(_ room: Int) {
        _ = reserve(room)
        self.room = room
    }

    /// Appends an ASCII literal and then the decimal digits of `number` in the room `reserveRoom` made.
    ///
    /// Traps when the run asks for more than it reserved, so no byte is ever written past the room.
    @inline(__always)
    mutating func appendInRoom(_ prefix: StaticString, _ number: Int64) {
        room &-= ByteBuffer.memberRoom(prefix.utf8CodeUnitCount)
        precondition(room >= 0, "a run of members wrote more than it reserved")
        appendMember(prefix, number)
    }

    /// Appends an ASCII literal in the room `reserveRoom` made (trapping past it, like `appendInRoom(_:_:)`).
    @inline(__always)
    mutating func appendInRoom(_ literal: StaticString) {
        room &-= literal.utf8CodeUnitCount
        precondition(room >= 0, "a run of members wrote more than it reserved")
        appendReserved(literal)
    }

    /// Appends an ASCII literal where `reserve` already made room for it.
    @inline(__always)
    private mutating func appendReserved(_ literal: StaticString) {
        let length = literal.utf8CodeUnitCount
        ByteBuffer.copyShort(literal.utf8Start, count: length, to: storage.base + count)
        commit(length)
    }

    /// Writes the `length` bytes of `magnitude` in decimal (a minus sign first when `negative`) at `target`.
    @inline(__always)
    private static func writeDecimal(_ magnitude: UInt64, negative: Bool, length: Int, to target: UnsafeMutablePointer<UInt8>) {
        if negative { target[0] = UInt8(ascii: "-") }
        var value = magnitude
        var position = length
        let table = digitPairs.utf8Start
        // Positions only count down within the `length` reserved bytes, so the arithmetic cannot overflow.
        while value >= 100 {
            let pair = Int(truncatingIfNeeded: value % 100) &* 2
            value /= 100
            position &-= 2
            target[position] = table[pair]
            target[position &+ 1] = table[pair &+ 1]
        }
        if value >= 10 {
            let pair = Int(truncatingIfNeeded: value) &* 2
            target[position &- 2] = table[pair]
            target[position &- 1] = table[pair &+ 1]
        } else {
            target[position &- 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)
        }
    }

    /// How many decimal digits `value` has, by a binary search over the powers of ten.
    @inline(__always)
    static func decimalDigitCount(_ value: UInt64) -> Int {
        if value < 100_000_000 {
            if value < 10_000 { return value < 100 ? (value < 10 ? 1 : 2) : (value < 1_000 ? 3 : 4) }
            return value < 1_000_000 ? (value < 100_000 ? 5 : 6) : (value < 10_000_000 ? 7 : 8)
        }
        if value < 1_000_000_000_000 {
            return value < 10_000_000_000 ? (value < 1_000_000_000 ? 9 : 10) : (value < 100_000_000_000 ? 11 : 12)
        }
        if value < 10_000_000_000_000_000 {
            return value < 100_000_000_000_000 ? (value < 10_000_000_000_000 ? 13 : 14) : (value < 1_000_000_000_000_000 ? 15 : 16)
        }
        return value < 1_000_000_000_000_000_000 ? (value < 100_000_000_000_000_000 ? 17 : 18) : (value < 10_000_000_000_000_000_000 ? 19 : 20)
    }
}
