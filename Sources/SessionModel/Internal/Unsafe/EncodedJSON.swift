// Why this file is unsafe: `EncodedJSON` is declared `Sendable` without the compiler checking it
// (`@unchecked`): it holds a `ByteBuffer`, whose storage is a class with mutable state, and lends
// that storage by pointer.
//
// What keeps it correct: it takes its buffer's storage for itself alone (`takeSoleStorage`) when it
// is made, and never appends to it, so nothing writes to or moves those bytes again; they are only
// read, from any thread. The pointer `withUnsafeBytes` lends is valid only inside its closure.

/// Finished compact JSON text, kept in the storage it was written into instead of copied into an array.
///
/// A simulation's recordings are tens of megabytes: copying each one into an `[UInt8]` when its
/// window closed cost the simulator a fifth of its time, in the copy and in the fresh memory it
/// touched. Read the text in place with `withUnsafeBytes`, or take a copy with `bytes`.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.write(.array([1, 2]))
/// let text = writer.finished()       // "[1,2]", not copied
/// text.withUnsafeBytes { $0.count }  // 5
/// ```
public final class EncodedJSON: @unchecked Sendable {
    private let buffer: ByteBuffer

    init(_ buffer: consuming ByteBuffer) {
        buffer.takeSoleStorage()
        self.buffer = buffer
    }

    /// How many bytes the text has.
    public var count: Int { buffer.count }

    /// A copy of the text, as an array.
    public var bytes: [UInt8] { buffer.array }

    /// Lends the text, in place.
    public func withUnsafeBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try buffer.withUnsafeBytes(body)
    }
}
