// Unsafe: the automaton pass reads the bytes and the transition table through
// buffer pointers, so the per-byte loop has no bounds checks. Every index is
// in range by construction: `index < bytes.count`, and a transition is
// `state * classCount + class` with `state` a state of the automaton and
// `class < classCount`, both guaranteed by `MultiPatternAutomaton`'s build.

extension ScanEngine {
    /// One automaton pass over `bytes` (the space's, or a decoded view of them): reports matches and card numbers, returns what needs decoding.
    mutating func pass(_ bytes: [UInt8], space: ScanSpace, view: EscapeDecoder.View?) -> Requests {
        var requests = Requests()
        let automaton = scan.automaton
        let special = view == nil ? scan.specialInSpace : scan.specialInView
        let width = automaton.classCount
        let reach = windowReach
        var digits = DigitRun()
        let shortest = scan.cards.shortest, longest = scan.cards.moduli.last?.length ?? 0
        var windowStart = -1, windowEnd = -1
        bytes.withUnsafeBufferPointer { input in
            automaton.transitions.withUnsafeBufferPointer { table in
                automaton.classOfByte.withUnsafeBufferPointer { classes in
                    special.withUnsafeBufferPointer { special in
                        var state = 0
                        var index = 0
                        let count = input.count
                        while index < count {
                            let byte = input[index]
                            let kind = special[Int(byte)]
                            if kind == 2 {
                                // A digit: follow the run inline, it is the commonest special byte.
                                if index != digits.nextOffset { digits.value = 0; digits.digitCount = 0; digits.lastSeparatorAt = -1 }
                                digits.nextOffset = index &+ 1
                                digits.previousWasDigit = true
                                digits.value = (digits.value % 100_000_000_000_000_000) &* 10 &+ UInt64(byte &- 48)
                                digits.digitCount &+= 1
                                if digits.digitCount >= shortest, digits.lastSeparatorAt > digits.digitCount - longest {
                                    checkCards(digits, end: index, input, space: space, view: view)
                                }
                            } else if kind == 3 {
                                if index == digits.nextOffset, digits.previousWasDigit {
                                    digits.lastSeparatorAt = digits.digitCount
                                    digits.previousWasDigit = false
                                    digits.nextOffset = index &+ 1
                                }
                            } else if kind != 0 {
                                handleSpecial(byte, at: index, input, space: space, view: view, requests: &requests,
                                              windowStart: &windowStart, windowEnd: &windowEnd, reach: reach)
                            }
                            let next = table[state &* width &+ Int(classes[Int(byte)])]
                            if next < 0 {
                                state = Int(~next)
                                for pattern in automaton.outputs[state] {
                                    reportMatch(pattern: Int(pattern), end: index, bytes: input, space: space, view: view, requests: &requests)
                                }
                            } else {
                                state = Int(next)
                            }
                            index &+= 1
                        }
                        if windowStart >= 0 { requests.escapeWindows.append(windowStart..<min(count, windowEnd)) }
                    }
                }
            }
        }
        return requests
    }

    /// The slow path for a byte the special table marks: escapes, stream headers, base64 strings, card digits.
    @inline(never)
    mutating func handleSpecial(_ byte: UInt8, at index: Int, _ input: UnsafeBufferPointer<UInt8>, space: ScanSpace, view: EscapeDecoder.View?,
                                requests: inout Requests, windowStart: inout Int, windowEnd: inout Int, reach: Int) {
        let count = input.count
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "+"):
            guard EscapeDecoder.startsEscape(input, at: index) else { return }
            let start = max(0, index - reach), end = index + reach
            if windowStart >= 0, start <= windowEnd {
                windowEnd = end
            } else {
                if windowStart >= 0 { requests.escapeWindows.append(windowStart..<min(count, windowEnd)) }
                windowStart = start
                windowEnd = end
            }
            if view == nil, byte == UInt8(ascii: "\\"), index + 6 < count, input[index + 1] == UInt8(ascii: "u"),
               input[index + 2] == 0x30, input[index + 3] == 0x30, input[index + 4] == 0x31, input[index + 5] | 0x20 == UInt8(ascii: "f") {
                latin1String(around: index, input, requests: &requests)
            }
        case UInt8(ascii: "\""), UInt8(ascii: "="):
            // Base64 text that is a whole string (also a string inside a string) or a whole URL parameter.
            var end = index + 1
            while end < count, Self.isBase64(input[end]) { end += 1 }
            guard end - index > 24, end < count else { return }
            let closing = input[end]
            if closing == UInt8(ascii: "\"") || closing == UInt8(ascii: "\\") || (byte == UInt8(ascii: "=") && closing == UInt8(ascii: "&")) {
                requests.base64Runs.append((index + 1)..<end)
            }
        case 0x1F:
            if index + 2 < count, input[index + 1] == 0x8B, input[index + 2] == 8 { requests.streams.append((index, .gzip)) }
        case 0x78:
            if index + 1 < count, [0x01, 0x5E, 0x9C, 0xDA].contains(input[index + 1]) { requests.streams.append((index, .zlib)) }
        default:
            break
        }
    }

    /// Notes the JSON string around a `\u001f` as one that may hold gzip bytes as Latin-1, once per string.
    func latin1String(around index: Int, _ input: UnsafeBufferPointer<UInt8>, requests: inout Requests) {
        if let last = requests.latin1Strings.last, last.contains(index) { return }
        var start = index
        while start > 0, !(input[start] == UInt8(ascii: "\"") && input[start - 1] != UInt8(ascii: "\\")) { start -= 1 }
        var end = index
        while end < input.count, !(input[end] == UInt8(ascii: "\"") && input[end - 1] != UInt8(ascii: "\\")) { end += 1 }
        guard input[start] == UInt8(ascii: "\""), end < input.count else { return }
        requests.latin1Strings.append(start..<(end + 1))
    }

    /// Reports each card whose digits end the run at `end` with a separator among them.
    @inline(never)
    mutating func checkCards(_ digits: DigitRun, end: Int, _ input: UnsafeBufferPointer<UInt8>, space: ScanSpace, view: EscapeDecoder.View?) {
        for (length, modulus) in scan.cards.moduli where digits.digitCount >= length && digits.lastSeparatorAt > digits.digitCount - length {
            let last = digits.value % modulus
            for card in scan.cards.cards where card.length == length && card.value == last {
                reportCard(card.canary, length: length, bytes: input, space: space, view: view, end: end)
            }
        }
    }
}
