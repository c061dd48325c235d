/// One stored batch's record in the location file: where it is in the log and whose it is.
struct BatchLocation: Equatable {
    /// The size of one record in the file.
    static let byteCount = 40
    /// `previousInStream` of a stream's first batch.
    static let none = UInt32.max

    /// Where the record (`{"batch":…,"op":"put"}` and its newline) starts in the log.
    var offset: Int64
    /// The record's length, newline included.
    var length: UInt32
    var eventCount: UInt32
    var sequence: Int64
    /// The batch's ids, as a number in the index's identity table.
    var identity: UInt32
    /// The record number of the batch stored before this one in the same (session, window), or `none`.
    var previousInStream: UInt32
    /// Whether a batch with the same (session, window, sequence) was stored before (a forced duplicate).
    var isCopy: Bool

    /// Appends the record's 40 bytes, little-endian.
    func encode(into bytes: inout [UInt8]) {
        Self.append(UInt64(bitPattern: offset), bytes: 8, to: &bytes)
        Self.append(UInt64(bitPattern: sequence), bytes: 8, to: &bytes)
        Self.append(UInt64(length), bytes: 4, to: &bytes)
        Self.append(UInt64(eventCount), bytes: 4, to: &bytes)
        Self.append(UInt64(identity), bytes: 4, to: &bytes)
        Self.append(UInt64(previousInStream), bytes: 4, to: &bytes)
        Self.append(isCopy ? 1 : 0, bytes: 8, to: &bytes)
    }

    private static func append(_ value: UInt64, bytes count: Int, to bytes: inout [UInt8]) {
        for shift in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * shift))) }
    }
}

extension BatchLocation {
    /// Reads a record's 40 bytes.
    init(decoding bytes: ArraySlice<UInt8>) {
        let start = bytes.startIndex
        func field(_ at: Int, _ count: Int) -> UInt64 {
            (0..<count).reduce(0) { $0 | UInt64(bytes[start + at + $1]) << (8 * $1) }
        }
        self.init(
            offset: Int64(bitPattern: field(0, 8)), length: UInt32(field(16, 4)), eventCount: UInt32(field(20, 4)),
            sequence: Int64(bitPattern: field(8, 8)), identity: UInt32(field(24, 4)), previousInStream: UInt32(field(28, 4)),
            isCopy: field(32, 8) != 0)
    }
}
