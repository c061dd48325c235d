/// The card-number canaries as numbers, for finding them with separators changed (`4111 1111-1111.1111`).
///
/// The scan keeps the value of the last digits it saw, skipping one separator
/// (space, `-`, `.`, `/`, `_`) between digits, and compares it with each card.
struct CardNumbers: Sendable {
    struct Card: Sendable {
        var canary: Int
        var length: Int
        var value: UInt64
    }

    let cards: [Card]
    /// The distinct card lengths, and 10 to that power, for taking the last digits.
    let moduli: [(length: Int, modulus: UInt64)]
    /// The shortest card, below which no check is needed.
    let shortest: Int

    init(_ values: [String]) {
        var cards: [Card] = []
        for (index, value) in values.enumerated() {
            let digits = Array(value.utf8)
            guard (13...18).contains(digits.count), digits.allSatisfy({ $0 &- 48 < 10 }) else { continue }
            cards.append(Card(canary: index, length: digits.count, value: digits.reduce(0) { $0 * 10 + UInt64($1 - 48) }))
        }
        self.cards = cards
        let lengths = Array(Set(cards.map(\.length))).sorted()
        shortest = lengths.first ?? Int.max
        moduli = lengths.map { length in (length, (0..<length).reduce(UInt64(1)) { result, _ in result * 10 }) }
    }

    var isEmpty: Bool { cards.isEmpty }

    static func isSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_")
    }
}

/// The digits seen so far in one pass, for `CardNumbers`.
struct DigitRun {
    /// The last digits as a number (at most 18 of them).
    var value: UInt64 = 0
    var digitCount = 0
    /// The digit count when the last separator was seen.
    var lastSeparatorAt = -1
    /// Offset of the byte after the last digit or separator, to see that the run is unbroken.
    var nextOffset = -1
    var previousWasDigit = false
}
