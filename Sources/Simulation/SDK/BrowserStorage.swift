/// How the cookie jar treats cookies set by the collector on pages of other sites.
public enum ThirdPartyCookiePolicy: String, Sendable, Equatable, CaseIterable {
    /// Partitioned by top-level site (CHIPS / Firefox total cookie protection): no cross-site linking.
    case partitioned
    /// One jar entry shared by every site: a collector cookie links sites, which checks must detect.
    case unpartitioned
    /// No third-party cookies at all.
    case blocked
}

/// One cookie in the jar.
struct Cookie {
    var name: String
    var value: StoredValue
    /// The domain it was set for (host or `Domain=` value without a leading dot).
    var domain: String
    /// Without `Domain=`, only the exact host gets it back.
    var hostOnly: Bool
    /// The top-level site partition for third-party cookies; nil for first-party and unpartitioned ones.
    var partition: String?
}

/// A cookie jar with `Domain=` scoping: a cookie on `shop.example` reaches `www.shop.example` and `help.shop.example`.
struct CookieJar {
    private(set) var cookies: [Cookie] = []
    /// Cookies are off: nothing is set, nothing is read.
    var refusesAll = false

    /// Whether `domain` covers `host`.
    static func domainMatches(_ host: String, _ domain: String) -> Bool {
        if host == domain { return true }
        // `host` ends with "." + `domain`, compared byte by byte (hosts are ASCII) in place, without building the
        // suffix (comparing through the generic UTF-8 views cost about 1,400 instructions a call).
        var host = host, domain = domain
        return host.withUTF8 { hostBytes in
            domain.withUTF8 { domainBytes in
                guard hostBytes.count > domainBytes.count else { return false }
                let dot = hostBytes.count - domainBytes.count - 1
                guard hostBytes[dot] == UInt8(ascii: ".") else { return false }
                for offset in 0..<domainBytes.count where hostBytes[dot + 1 + offset] != domainBytes[offset] { return false }
                return true
            }
        }
    }

    /// The text of `name` visible to `host` (in `partition`, for third-party reads).
    func value(_ name: String, host: String, partition: String? = nil) -> String? {
        if case .text(let text)? = stored(name, host: host, partition: partition) { return text }
        return nil
    }

    /// The value of `name` visible to `host` (in `partition`, for third-party reads).
    func stored(_ name: String, host: String, partition: String? = nil) -> StoredValue? {
        if refusesAll { return nil }
        // A loop rather than `first(where:)`, which would copy the whole cookie out to read its value.
        for cookie in cookies where cookie.name == name && cookie.partition == partition {
            if cookie.hostOnly ? cookie.domain == host : CookieJar.domainMatches(host, cookie.domain) { return cookie.value }
        }
        return nil
    }

    /// Sets a text cookie from a page on `host`; a `domain` the host is not inside is rejected, as browsers do.
    @discardableResult
    mutating func set(_ name: String, _ value: String, host: String, domain: String?, partition: String? = nil) -> Bool {
        set(name, .text(value), host: host, domain: domain, partition: partition)
    }

    /// Sets a cookie from a page on `host`; a `domain` the host is not inside is rejected, as browsers do.
    @discardableResult
    mutating func set(_ name: String, _ value: StoredValue, host: String, domain: String?, partition: String? = nil) -> Bool {
        if refusesAll { return false }
        let target = domain ?? host
        if domain != nil, !CookieJar.domainMatches(host, target) { return false }
        if let index = cookies.firstIndex(where: { $0.name == name && $0.domain == target && $0.partition == partition }) {
            cookies[index].value = value
            cookies[index].hostOnly = domain == nil
        } else {
            cookies.append(Cookie(name: name, value: value, domain: target, hostOnly: domain == nil, partition: partition))
        }
        return true
    }
}

/// Key-value storage of one origin (localStorage, or one tab's sessionStorage).
struct KeyValueStore {
    private var entries: [(key: String, value: StoredValue)] = []

    /// The text under `key`.
    subscript(key: String) -> String? {
        get {
            if case .text(let text)? = self[stored: key] { return text }
            return nil
        }
        set { self[stored: key] = newValue.map(StoredValue.text) }
    }

    /// The value under `key`.
    subscript(stored key: String) -> StoredValue? {
        get {
            for entry in entries where entry.key == key { return entry.value }
            return nil
        }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }
}

/// Storage kept per origin, in insertion order.
struct OriginStores {
    private var stores: [(origin: String, store: KeyValueStore)] = []
    /// Site storage is off (cookies off): writes are dropped.
    var refusesAll = false

    subscript(origin: String) -> KeyValueStore {
        get {
            for entry in stores where entry.origin == origin { return entry.store }
            return KeyValueStore()
        }
        set {
            if refusesAll { return }
            if let index = stores.firstIndex(where: { $0.origin == origin }) { stores[index].store = newValue } else { stores.append((origin, newValue)) }
        }
        // Changed in place (`stores[origin][key] = value`), so the store is not copied out, changed and copied back.
        _modify {
            if !refusesAll, let index = stores.firstIndex(where: { $0.origin == origin }) {
                yield &stores[index].store
                return
            }
            var store = KeyValueStore()
            yield &store
            if !refusesAll { stores.append((origin, store)) }
        }
    }
}
