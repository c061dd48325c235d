import SessionModel
import Synchronization

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

    /// At most this many hosts are kept; past that the table starts empty again.
    static let capacity = 1024

    private let known = Mutex<[String: String]>([:])

    /// The registrable domain of `host`: `RegistrableDomain.of(host)`.
    func of(_ host: String) -> String {
        if let domain = known.withLock({ $0[host] }) { return domain }
        let domain = RegistrableDomain.of(host)
        known.withLock { table in
            if table.count >= Self.capacity { table = [:] }
            table[host] = domain
        }
        return domain
    }
}
