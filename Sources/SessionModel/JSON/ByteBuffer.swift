/// A growable byte array for `JSONWriter`, cheaper to append to than `[UInt8]`.
///
/// `Array.append(contentsOf:)` goes through the generic sequence path for every
/// short run of bytes a writer appends; this buffer reserves room and copies.
/// It has value semantics: a copy that is written to first takes its own storage.
struct ByteBuffer {
    /// The allocation behind one or more buffers; written only when one buffer holds it.
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage
    /// How many bytes are written.
    private(set) var count = 0

    init(capacity: Int) {
        storage = Storage(capacity: capacity)
    }

    /// The bytes written, as an array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: count)) }

    /// Room for `extra` more bytes in storage this buffer owns alone; returns where they go.
    @inline(__always)
    private mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if !isKnownUniquelyReferenced(&storage) || count + extra > storage.capacity { reallocate(atLeast: count + extra) }
        return storage.base + count
    }

    /// Moves the bytes into new storage that is owned alone and holds at least `needed` bytes.
    @inline(never)
    private mutating func reallocate(atLeast needed: Int) {
        let copy = Storage(capacity: max(needed, storage.capacity * 2))
        copy.base.initialize(from: storage.base, count: count)
        storage = copy
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8) {
        let target = reserve(2)
        target[0] = first
        target[1] = second
        count += 2
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends the bytes of an ASCII literal.
    @inline(__always)
    mutating func append(ascii literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends `"`, the bytes, and `"`: a JSON string whose text needs no escapes.
    @inline(__always)
    mutating func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>) {
        let target = reserve(bytes.count + 2)
        target[0] = UInt8(ascii: "\"")
        if let source = bytes.baseAddress { (target + 1).initialize(from: source, count: bytes.count) }
        target[bytes.count + 1] = UInt8(ascii: "\"")
        count += bytes.count + 2
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
        (target + position + 1).initialize(from: key.utf8Start, count: length)
        target[position + length + 1] = UInt8(ascii: "\"")
        target[position + length + 2] = UInt8(ascii: ":")
        count += position + length + 3
    }

    /// Appends the decimal digits of `magnitude`, with a minus sign first when `negative`.
    mutating func appendDecimal(_ magnitude: UInt64, negative: Bool) {
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20, magnitude >= limit {
            digits += 1
            if digits < 20 { limit &*= 10 }
        }
        let length = digits + (negative ? 1 : 0)
        let target = reserve(length)
        if negative { target[0] = UInt8(ascii: "-") }
        var value = magnitude
        var position = length
        // Two digits per division, from a table of "00" to "99".
        let pairs = ByteBuffer.digitPairs
        while value >= 100 {
            let pair = Int(value % 100) &* 2
            value /= 100
            position -= 2
            target[position] = pairs[pair]
            target[position + 1] = pairs[pair + 1]
        }
        if value >= 10 {
            let pair = Int(value) &* 2
            target[position - 2] = pairs[pair]
            target[position - 1] = pairs[pair + 1]
        } else {
            target[position - 1] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value)
        }
        count += length
    }

    /// "00" through "99", two bytes each.
    private static let digitPairs: [UInt8] = (0..<100).flatMap { [UInt8(ascii: "0") + UInt8($0 / 10), UInt8(ascii: "0") + UInt8($0 % 10)] }
}
