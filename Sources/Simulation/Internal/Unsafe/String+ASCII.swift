// Why this file is unsafe: these string helpers read a `StaticString`'s bytes through the
// pointer it exposes and write a new string's storage before it is initialized
// (`String(unsafeUninitializedCapacity:)`), to avoid a copy or a per-character append.
//
// What keeps it correct: a `StaticString`'s bytes are immortal and exactly
// `utf8CodeUnitCount` long; the uninitialized storage is given exactly `count` bytes and
// every one of them is written (with one ASCII byte, which is valid UTF-8) before it is read.

extension String {
    /// `count` copies of one ASCII byte (below 0x80), written straight into the string's storage.
    init(repeatingASCII byte: UInt8, count: Int) {
        precondition(byte < 0x80, "not an ASCII byte")
        self.init(unsafeUninitializedCapacity: count) { buffer in
            buffer.initialize(repeating: byte)
            return count
        }
    }

    /// Whether `needle` (ASCII, not empty) occurs in the string, as `contains` finds it; an ASCII
    /// string, where that is plain byte equality, is searched byte by byte.
    func containsText(_ needle: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        var text = self
        let asciiAnswer = text.withUTF8 { bytes -> Bool? in
            guard !pattern.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard bytes.count >= pattern.count else { return false }
            for start in 0...(bytes.count - pattern.count) where bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
            return false
        }
        if let asciiAnswer { return asciiAnswer }
        return contains(String(describing: needle))
    }
}
