/// How a browser's cookie jar treats third-party cookies, as a scenario chooses it.
public enum ThirdPartyCookieJar: String, Sendable, Equatable, CaseIterable {
    /// Partitioned by top-level site (CHIPS, Firefox total cookie protection): no cross-site linking.
    case partitioned
    /// One jar entry shared by every site: a collector cookie links sites, which the linkage check must find.
    case unpartitioned
    /// No third-party cookies at all.
    case blocked
}
