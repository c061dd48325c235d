/// What the privacy checks need to know of a simulated run: the planted canaries and who visited which page.
///
/// The harness builds it from a `Simulation`; the checks take it as a value, so
/// they can judge any run without knowing how it was produced.
public struct RecordedRun: Sendable {
    /// One distinct planted value, where it was planted, and whether it may appear in stored data at all.
    ///
    /// A value planted on several paths must not appear only if every path masks
    /// it: once policy lets it through anywhere, finding it proves nothing.
    public struct Canary: Sendable, Equatable {
        public var value: String
        /// The canary's kind (`card`, `email`, ...).
        public var kind: String
        /// Every place it was planted, in planting order: `input #card on https://shop.example/cart`.
        public var places: [String]
        public var mustNotAppear: Bool
        /// Planted only where recorders never mask by design (an `identify` user id or traits), so it is expected in stored data.
        public var storedByDesign: Bool

        public init(value: String, kind: String = "planted", places: [String], mustNotAppear: Bool, storedByDesign: Bool = false) {
            self.value = value
            self.kind = kind
            self.places = places
            self.mustNotAppear = mustNotAppear
            self.storedByDesign = storedByDesign
        }
    }

    /// Each distinct canary once, in planting order.
    public var canaries: [Canary]
    /// The URL of every page view, by page id.
    public var pageURLs: [String: String]
    /// The session ids of each person's visits.
    public var sessionsOfPerson: [String: [String]]
    /// What the client sent beside the batches of each page view (the collector's cookie, the client IP), by page id.
    public var wireIdentifiers: [String: [LinkageCheck.Identifier]]
    /// The scenario's pages (URL and HTML), for finding what `expect masked` covers.
    public var pages: [(url: String, html: String)] = []
    /// Every value typed, with its page URL and the target selector as written.
    public var typedValues: [(page: String, target: String, value: String)] = []

    public init(canaries: [Canary], pageURLs: [String: String], sessionsOfPerson: [String: [String]], wireIdentifiers: [String: [LinkageCheck.Identifier]] = [:]) {
        self.canaries = canaries
        self.pageURLs = pageURLs
        self.sessionsOfPerson = sessionsOfPerson
        self.wireIdentifiers = wireIdentifiers
    }
}
