import Foundation

/// Values worked out from a text alone, kept by the text and shared across threads, so each is worked out once.
///
/// The process-wide parse caches (`SelectorCache`, `FragmentCache`, `TemplateCache`) keep their
/// parses here: what a scenario names is the same in every simulation of it, and looking a text
/// up costs far less than parsing it again.
///
/// ```swift
/// let cache = TextCache<Int>(capacity: 64)
/// let length = cache.value(for: "abc") { $0.utf8.count }
/// ```
final class TextCache<Value> {
    /// At most this many texts are kept; past that the cache starts empty again.
    let capacity: Int

    // Shared across threads (see Internal/Unsafe/TextCache+Sendable.swift): every read and write of `valuesByText` holds `lock`.
    private let lock = NSLock()
    private var valuesByText: [String: Value] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value kept for `text`, else `make(text)`, kept.
    ///
    /// `make` runs without the lock held; two threads asking for a new text at once may both make
    /// it, and keep equal values.
    func value(for text: String, _ make: (String) -> Value) -> Value {
        if let known = lock.withLock({ valuesByText[text] }) { return known }
        let made = make(text)
        lock.withLock {
            if valuesByText.count >= capacity { valuesByText = [:] }
            valuesByText[text] = made
        }
        return made
    }
}
