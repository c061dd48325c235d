/// What a page's URL says about where the page is: its origin, host and registrable domain.
struct PageAddress: Sendable {
    /// `URLResolver.origin(of:)` of the URL.
    let origin: String
    /// `URLResolver.host(of:)` of the URL.
    let host: String
    /// `RegistrableDomains.shared.of(host)`.
    let registrableDomain: String

    init(url: String) {
        origin = URLResolver.origin(of: url)
        host = URLResolver.host(of: url)
        registrableDomain = RegistrableDomains.shared.of(host)
    }
}

/// The `PageAddress` of every page URL the simulations in this process loaded, worked out once per URL.
///
/// Every page load needs one, and working it out takes ~8,000 instructions (the URL is scanned
/// three times); scenarios load a handful of URLs again and again, so simulations share what they
/// found (behind a mutex: engines may run on several threads).
///
/// ```swift
/// PageAddresses.shared.of("https://www.shop.example/cart").registrableDomain   // "shop.example"
/// ```
final class PageAddresses: Sendable {
    /// The table every engine uses.
    static let shared = PageAddresses()

    private let known = SharedMemo<String, PageAddress>(capacity: 1024)

    /// The address of the page at `url`: `PageAddress(url:)`.
    func of(_ url: String) -> PageAddress {
        known.value(for: url, PageAddress.init)
    }
}
