extension String {
    /// This text with every occurrence of `needle` replaced by `replacement`, found by a search of the UTF-8 bytes; the text itself when there is none.
    ///
    /// Foundation's `replacingOccurrences(of:with:)` costs about 40 instructions
    /// a byte on Linux, even when nothing is found; the serializer calls this on
    /// every style sheet and comment it writes.
    func replacingEvery(_ needle: StaticString, with replacement: StaticString) -> String {
        guard let replaced = StaticBytes.replacing(needle, with: replacement, in: Array(utf8)[...]) else { return self }
        return String(decoding: replaced, as: UTF8.self)
    }
}
