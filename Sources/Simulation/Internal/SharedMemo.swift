import Synchronization

/// Answers worked out once per key and shared by every simulation in the process, behind a mutex
/// (engines may run on several threads); past `capacity` keys the table starts empty again.
///
/// For questions whose answer depends only on the key and costs thousands of instructions, asked
/// again and again about a handful of keys (the hosts and page URLs of a scenario).
///
/// ```swift
/// let domains = SharedMemo<String, String>(capacity: 1024)
/// domains.value(for: "www.shop.example", RegistrableDomain.of)   // "shop.example", worked out once
/// ```
final class SharedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// At most this many keys are kept.
    let capacity: Int
    private let known = Mutex<[Key: Value]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The answer for `key`: the kept one, or `make(key)`, which is then kept.
    func value(for key: Key, _ make: (Key) -> Value) -> Value {
        if let value = known.withLock({ $0[key] }) { return value }
        let value = make(key)
        known.withLock { table in
            if table.count >= capacity { table = [:] }
            table[key] = value
        }
        return value
    }
}
