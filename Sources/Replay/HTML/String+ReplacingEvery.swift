extension String {
    /// This text with every occurrence of `needle` replaced by `replacement`, found by a search of the UTF-8 bytes; the text itself when there is none.
    ///
    /// Foundation's `replacingOccurrences(of:with:)` costs about 40 instructions
    /// a byte on Linux, even when nothing is found; the serializer calls this on
    /// every style sheet and comment it writes.
    func replacingEvery(_ needle: StaticString, with replacement: StaticString) -> String {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first else { return self }
        let bytes = Array(utf8)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == first, bytes[index..<index + pattern.count].elementsEqual(pattern) {
                if output.isEmpty { output.reserveCapacity(bytes.count + 16) }
                output += bytes[copied..<index]
                output += UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount)
                index += pattern.count
                copied = index
            } else {
                index += 1
            }
        }
        guard copied > 0 else { return self }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }
}
