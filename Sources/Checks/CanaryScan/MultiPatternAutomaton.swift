/// An Aho-Corasick automaton that finds every pattern of a set in one pass over folded bytes.
///
/// Patterns are stored folded and input bytes are folded as they are read:
/// `A`-`Z` as `a`-`z`, so one pass finds every case variant, and `-` as `+`,
/// `_` as `/`, so one base64 pattern also finds URL-safe base64. A match is
/// therefore a candidate: the caller compares the bytes at the match with what
/// it accepts (exact base64 of either alphabet, the plain form in any case). The automaton is
/// a full DFA over byte classes: bytes that occur in no pattern share class 0.
/// A transition whose target has outputs is stored negated, so the hot loop
/// tests one sign per byte.
struct MultiPatternAutomaton: Sendable {
    /// The class of each input byte, with case folding built in.
    let classOfByte: [UInt8]
    let classCount: Int
    /// `transitions[state * classCount + class]`: the next state, or `~next` when `next` has outputs.
    let transitions: [Int32]
    /// Per state, the patterns that end there (its own and its suffixes').
    let outputs: [[Int32]]
    /// Length in bytes of each pattern.
    let patternLengths: [Int]

    /// ASCII case folding of one byte.
    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        if byte &- 65 < 26 { return byte | 0x20 }
        if byte == UInt8(ascii: "-") { return UInt8(ascii: "+") }
        if byte == UInt8(ascii: "_") { return UInt8(ascii: "/") }
        return byte
    }

    /// ASCII case folding only, for checking a candidate match.
    @inline(__always) static func foldCase(_ byte: UInt8) -> UInt8 {
        byte &- 65 < 26 ? byte | 0x20 : byte
    }

    /// Builds the automaton; `patterns` are folded here, empty ones are ignored.
    init(patterns: [[UInt8]]) {
        var classes = [UInt8](repeating: 0, count: 256)
        var used = [Bool](repeating: false, count: 256)
        for pattern in patterns { for byte in pattern { used[Int(Self.fold(byte))] = true } }
        var next: UInt8 = 1
        for byte in 0..<256 where used[byte] {
            classes[byte] = next
            next += 1
        }
        for byte in 0..<256 { classes[byte] = classes[Int(Self.fold(UInt8(byte)))] }
        classOfByte = classes
        let width = Int(next)
        classCount = width
        patternLengths = patterns.map(\.count)

        // The trie: goto[state * width + class], -1 when absent.
        var goto = [Int32](repeating: -1, count: width)
        var ownOutputs: [[Int32]] = [[]]
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state = 0
            for byte in pattern {
                let slot = state * width + Int(classes[Int(byte)])
                if goto[slot] < 0 {
                    goto[slot] = Int32(ownOutputs.count)
                    ownOutputs.append([])
                    goto.append(contentsOf: repeatElement(-1, count: width))
                }
                state = Int(goto[slot])
            }
            ownOutputs[state].append(Int32(index))
        }

        // Breadth first: failure links complete the DFA and merge suffix outputs.
        let stateCount = ownOutputs.count
        var dfa = [Int32](repeating: 0, count: stateCount * width)
        var failure = [Int](repeating: 0, count: stateCount)
        var merged = ownOutputs
        var queue: [Int] = []
        queue.reserveCapacity(stateCount)
        for symbol in 0..<width {
            let target = goto[symbol]
            if target > 0 {
                dfa[symbol] = target
                queue.append(Int(target))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            merged[state].append(contentsOf: merged[failure[state]].filter { !merged[state].contains($0) })
            for symbol in 0..<width {
                let target = goto[state * width + symbol]
                if target > 0 {
                    failure[Int(target)] = Int(dfa[failure[state] * width + symbol])
                    dfa[state * width + symbol] = target
                    queue.append(Int(target))
                } else {
                    dfa[state * width + symbol] = dfa[failure[state] * width + symbol]
                }
            }
        }
        // Breadth-first order guarantees failure targets were merged first only for shallower
        // states, which is all a failure link can point to.
        for index in dfa.indices where !merged[Int(dfa[index])].isEmpty { dfa[index] = ~dfa[index] }
        transitions = dfa
        outputs = merged
    }
}
