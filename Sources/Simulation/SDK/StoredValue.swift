/// What a cookie or a storage entry holds: text, or a value the simulated SDK keeps there, typed.
///
/// A real SDK writes its session record and batch counters as strings (`id|lastActivity`, `3`); the
/// simulation keeps them as their parts, so reading one back parses nothing and writing one builds no
/// string. Nothing outside the simulated browser sees these values, so only their meaning matters.
enum StoredValue: Equatable {
    case text(String)
    /// The SDK's session record: the session id and its last activity (epoch ms).
    case session(id: String, lastActivity: Int64)
    /// A counter, such as the next batch sequence number of a (session, window).
    case count(Int)
}
