import SessionModel

/// One synthetic-session scenario: who browses, which pages exist, what the SDK does, and the steps taken.
///
/// A `Scenario` is the contract between the scenario language and the simulator. It
/// is made by parsing a `.scenario` file or with the result builder, and both give
/// equal values; equality ignores source locations, so a parsed file and a builder
/// written in a test compare equal.
///
/// ```swift
/// let scenario = try Scenario(parsing: text, file: "Scenarios/checkout.scenario")
/// print(ScenarioPrinter.print(scenario))
/// ```
public struct Scenario: Sendable, Equatable {
    /// The scenario's name, used in reports and golden folder names.
    public var name: String
    /// The seed every random choice of the simulation derives from.
    public var seed: UInt64
    /// The synthetic browser profiles; the first one browses until a `switch-person` step.
    public var persons: [Person]
    /// Where the recorder SDK keeps its ids, and how it batches uploads.
    public var sdk: SDKProfile
    /// What the recorder masks, blocks or ignores before sending.
    public var masking: MaskingPolicy
    /// The pages the scenario can visit, each with its HTML.
    public var pages: [Page]
    /// What happens, in order.
    public var steps: [Step]
    /// Checks that later stages read (session counts, linkability).
    public var expectations: [Expectation]
    /// How the browser's cookie jar treats the collector's third-party cookie, when the scenario says (`third-party-cookies unpartitioned`).
    public var thirdPartyCookies: ThirdPartyCookieJar?

    /// Creates a scenario; an empty `persons` list gets the default person.
    public init(name: String, seed: UInt64 = 0, persons: [Person] = [], sdk: SDKProfile = SDKProfile(kind: .posthog), masking: MaskingPolicy = MaskingPolicy(), pages: [Page] = [], steps: [Step] = [], expectations: [Expectation] = []) {
        self.name = name
        self.seed = seed
        self.persons = persons.isEmpty ? [Person.defaultPerson] : persons
        self.sdk = sdk
        self.masking = masking
        self.pages = pages
        self.steps = steps
        self.expectations = expectations
    }

    /// The page declared for `url`, if any.
    public func page(for url: String) -> Page? {
        pages.first { $0.url == url }
    }

    /// The person called `name`, if any.
    public func person(named name: String) -> Person? {
        persons.first { $0.name == name }
    }
}
