/// The registrable domain (eTLD+1) of a host, from a small built-in public-suffix list.
///
/// Covers the common cases rather than the whole Public Suffix List: every
/// single-label TLD, second-level suffixes under two-letter country codes
/// (`co.uk`, `com.au`, `ne.jp`), and the shared-hosting suffixes where each
/// subdomain is its own site (`github.io`, `herokuapp.com`, ...). One list for
/// both sides: the simulated SDKs scope their cookies to it and the linkage
/// check tells sites apart by it, so the two cannot disagree on what a site is.
///
/// ```swift
/// RegistrableDomain.of("www.bbc.co.uk")        // "bbc.co.uk"
/// RegistrableDomain.of("alice.github.io")      // "alice.github.io"
/// ```
public enum RegistrableDomain {
    /// Labels that are public suffixes under a two-letter country code.
    static let countrySecondLevels: Set<String> = ["co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "ltd", "plc", "me", "nom", "sch"]
    /// Multi-label suffixes under which every name is a separate site.
    static let sharedHostingSuffixes: Set<String> = [
        "github.io", "gitlab.io", "herokuapp.com", "netlify.app", "vercel.app", "pages.dev", "workers.dev", "web.app",
        "firebaseapp.com", "azurewebsites.net", "cloudfront.net", "appspot.com", "blogspot.com", "s3.amazonaws.com",
    ]

    /// The registrable domain of `host` (lower-cased, port and trailing dot dropped); IPs and single labels are their own.
    public static func of(_ host: String) -> String {
        var name = host.lowercased()
        if let colon = name.lastIndex(of: ":"), !name.contains("]"), name.filter({ $0 == ":" }).count == 1 { name = String(name[..<colon]) }
        while name.hasSuffix(".") { name.removeLast() }
        let labels = name.split(separator: ".").map(String.init)
        if labels.count <= 2 || labels.allSatisfy({ Int($0) != nil }) || name.contains(":") { return name }
        for suffixLength in [3, 2] where labels.count > suffixLength {
            if sharedHostingSuffixes.contains(labels.suffix(suffixLength).joined(separator: ".")) {
                return labels.suffix(suffixLength + 1).joined(separator: ".")
            }
        }
        let last = labels[labels.count - 1], second = labels[labels.count - 2]
        if last.count == 2, countrySecondLevels.contains(second) { return labels.suffix(3).joined(separator: ".") }
        return labels.suffix(2).joined(separator: ".")
    }

    /// The registrable domain of a URL's host, or nil when it has none.
    public static func ofURL(_ url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<hostEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        return authority.isEmpty ? nil : of(String(authority))
    }
}
