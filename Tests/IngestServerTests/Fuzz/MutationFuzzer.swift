import Foundation
import SessionModel

/// A seeded in-process mutation fuzzer: derives inputs from seed inputs by byte-level mutations, the same ones for
/// the same seed, and runs a target on each.
///
/// The suite's short pass runs it; `scripts/fuzz.sh` runs libFuzzer instead where the toolchain can build it,
/// and this one for long where it cannot.
struct MutationFuzzer {
    /// Tokens worth splicing into any of our formats: JSON structure, escapes, numbers at the edges, HTTP framing.
    static let dictionary: [[UInt8]] = [
        "{", "}", "[", "]", "\"", ":", ",", "\\u0000", "\\ud800", "\\", "-", "1e999", "-0", "18446744073709551616",
        "null", "true", "\r\n", "\r\n\r\n", "\n", "chunked", "Content-Length: ", "0\r\n\r\n", ";", "=", "%", "%00",
        "\u{0}", "<", ">", "<<<", ">>>", "\t", "  ",
    ].map { Array($0.utf8) } + [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x1F, 0x8B, 8, 0], [0x78, 0x9C]]

    var random: SplitMix64
    let seeds: [[UInt8]]
    /// Inputs never grow past this, so a run's memory stays bounded.
    let maximumLength: Int

    init(seed: UInt64, seeds: [[UInt8]], maximumLength: Int = 1 << 16) {
        random = SplitMix64(seed: seed)
        self.seeds = seeds.isEmpty ? [[]] : seeds
        self.maximumLength = maximumLength
    }

    /// The next input: a seed with one to eight mutations applied.
    mutating func next() -> [UInt8] {
        var input = seeds[random.int(in: 0...(seeds.count - 1))]
        for _ in 0..<random.int(in: 1...8) { mutate(&input) }
        if input.count > maximumLength { input.removeLast(input.count - maximumLength) }
        return input
    }

    private mutating func position(in input: [UInt8]) -> Int {
        random.int(in: 0...input.count)
    }

    private mutating func mutate(_ input: inout [UInt8]) {
        switch random.int(in: 0...6) {
        case 0 where !input.isEmpty:  // flip a bit
            let index = random.int(in: 0...(input.count - 1))
            input[index] ^= UInt8(1) << UInt8(random.int(in: 0...7))
        case 1 where !input.isEmpty:  // replace a byte
            input[random.int(in: 0...(input.count - 1))] = UInt8(truncatingIfNeeded: random.next())
        case 2:  // insert a dictionary token
            let token = Self.dictionary[random.int(in: 0...(Self.dictionary.count - 1))]
            input.insert(contentsOf: token, at: position(in: input))
        case 3 where !input.isEmpty:  // delete a range
            let start = random.int(in: 0...(input.count - 1))
            input.removeSubrange(start..<min(input.count, start + random.int(in: 1...16)))
        case 4 where !input.isEmpty:  // duplicate a range (nesting, repetition)
            let start = random.int(in: 0...(input.count - 1))
            let slice = Array(input[start..<min(input.count, start + random.int(in: 1...64))])
            input.insert(contentsOf: slice, at: position(in: input))
        case 5 where !input.isEmpty:  // truncate
            input.removeLast(random.int(in: 0...(input.count - 1)))
        default:  // splice from another seed
            let other = seeds[random.int(in: 0...(seeds.count - 1))]
            guard !other.isEmpty else { return }
            let start = random.int(in: 0...(other.count - 1))
            input.insert(contentsOf: other[start..<min(other.count, start + random.int(in: 1...128))], at: position(in: input))
        }
    }
}
