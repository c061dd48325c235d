import SessionModel

/// `RegistrableDomain.of` for every host the simulations in this process have seen, worked out once per host.
///
/// Each page load and each collector cookie needs one, and working it out takes ~20,000 instructions;
/// simulations see a handful of hosts, so they share what they found (behind a mutex: engines may run
/// on several threads).
///
/// ```swift
/// RegistrableDomains.shared.of("www.shop.example")   // "shop.example"
/// ```
final class RegistrableDomains: Sendable {
    /// The table every engine uses.
    static let shared = RegistrableDomains()

    private let known = SharedMemo<String, String>(capacity: 1024)

    /// The registrable domain of `host`: `RegistrableDomain.of(host)`.
    func of(_ host: String) -> String {
        known.value(for: host, RegistrableDomain.of)
    }
}
