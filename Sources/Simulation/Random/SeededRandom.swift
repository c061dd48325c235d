#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SessionModel

/// A seeded xoshiro256** generator with its own range mapping, so the same seed gives the same numbers on any toolchain.
///
/// The standard library's `random(in:)` and `shuffled()` may change between
/// releases, so the simulator never calls them with this generator; it uses
/// the methods here instead.
///
/// ```swift
/// var random = SeededRandom(seed: 42)
/// let delay = random.int(in: 100...300)
/// ```
package struct SeededRandom: Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates a generator whose state is filled from `seed` by SplitMix64.
    package init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// A generator for one named purpose, independent of every other stream made from the same seed.
    package static func stream(_ seed: UInt64, _ label: String) -> SeededRandom {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var mixer = SplitMix64(seed: seed ^ hash)
        return SeededRandom(seed: mixer.next())
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A double in [0, 1) with 53 random bits.
    package mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A double in `range`.
    package mutating func double(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// An integer in `range`, unbiased (Lemire's multiply-and-reject).
    package mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound) &- Int64(range.lowerBound)) &+ 1
        if span == 0 { return Int(truncatingIfNeeded: next()) }
        var product = next().multipliedFullWidth(by: span)
        if product.low < span {
            let threshold = (0 &- span) % span
            while product.low < threshold { product = next().multipliedFullWidth(by: span) }
        }
        return range.lowerBound &+ Int(truncatingIfNeeded: product.high)
    }

    /// True with probability `p`.
    package mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A standard normal value (Box-Muller).
    package mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A log-normal value with this median and shape (`sigma` of the underlying normal).
    package mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * normal())
    }

    /// An element of a non-empty array.
    package mutating func pick<T>(_ items: [T]) -> T { items[int(in: 0...(items.count - 1))] }

    /// A UUIDv7-shaped id: the timestamp in its first 48 bits, then version, variant and random bits.
    package mutating func uuidV7(timestamp: Int64) -> String {
        let high = (UInt64(bitPattern: timestamp) << 16) | 0x7000 | (next() & 0x0FFF)
        let low = (next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            func put(_ value: UInt64, from: Int, to: Int) {
                for nibble in stride(from: from, through: to, by: -1) {
                    buffer[position] = SeededRandom.hexDigit(value >> (UInt64(nibble) * 4))
                    position += 1
                }
            }
            put(high, from: 15, to: 8); buffer[position] = 0x2D; position += 1
            put(high, from: 7, to: 4); buffer[position] = 0x2D; position += 1
            put(high, from: 3, to: 0); buffer[position] = 0x2D; position += 1
            put(low, from: 15, to: 12); buffer[position] = 0x2D; position += 1
            put(low, from: 11, to: 0)
            return position
        }
    }

    /// The lower-case hex digit of `value`'s low four bits, worked out rather than looked up in a table (a uuid has 32
    /// of them, and reading a shared table costs an initialization check and a bounds check each).
    private static func hexDigit(_ value: UInt64) -> UInt8 {
        let digit = UInt8(truncatingIfNeeded: value & 0xF)
        return digit < 10 ? 0x30 + digit : 0x57 + digit
    }

    /// `value` as lower-case hex, zero-padded to `width` digits.
    static func hex(_ value: UInt64, _ width: Int) -> String {
        var bytes = [UInt8](repeating: 0x30, count: width)
        var rest = value
        var index = width - 1
        while index >= 0 {
            bytes[index] = hexDigit(rest)
            rest >>= 4
            index -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
