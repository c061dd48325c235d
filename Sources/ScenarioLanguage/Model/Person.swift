/// A synthetic browser profile: the person behind a visit, as the recorder would see them.
public struct Person: Sendable, Equatable {
    /// The name steps use to switch to this person.
    public var name: String
    /// The `User-Agent` the browser sends and `navigator.userAgent` returns.
    public var userAgent: String
    /// The window's inner size in CSS pixels.
    public var viewport: Viewport
    /// The IANA time zone (`Europe/Berlin`).
    public var timezone: String
    /// The client IP address the endpoint sees: the browser's uploads carry it as `X-Forwarded-For`.
    public var ip: String
    /// When set (`ip "{canary ip}"`), the client IP is this canary's generated value instead of `ip`, planted on every visit.
    public var ipCanary: Canary?
    /// Whether the browser keeps cookies and site storage; with them off (`cookies off`) nothing persists between page loads.
    public var cookiesEnabled = true

    /// Creates a person; unspecified fields get a desktop Chrome profile.
    public init(_ name: String, userAgent: String = Person.defaultUserAgent, viewport: Viewport = Viewport(width: 1280, height: 800), timezone: String = "UTC", ip: String = "203.0.113.10", ipCanary: Canary? = nil) {
        self.name = name
        self.userAgent = userAgent
        self.viewport = viewport
        self.timezone = timezone
        self.ip = ip
        self.ipCanary = ipCanary
    }

    /// The user agent used when a person does not give one.
    public static let defaultUserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"

    /// The person a scenario gets when it declares none.
    public static let defaultPerson = Person("visitor")
}

/// A browser viewport size in CSS pixels, written `1280x800`.
public struct Viewport: Sendable, Equatable, CustomStringConvertible {
    /// Width in CSS pixels.
    public var width: Int
    /// Height in CSS pixels.
    public var height: Int

    /// Creates a viewport.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Written `WIDTHxHEIGHT`.
    public var description: String { "\(width)x\(height)" }
}
