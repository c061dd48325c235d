import SessionModel

/// One piece of a scenario written with the builder; everything flattens to a list of these.
public enum ScenarioComponent: Sendable, Equatable {
    /// A synthetic browser profile.
    case person(Person)
    /// A page with its HTML.
    case page(Page)
    /// The SDK profile (the last one given wins).
    case sdk(SDKProfile)
    /// The masking policy (the last one given wins).
    case masking(MaskingPolicy)
    /// A step, in order.
    case step(Step)
    /// An expectation for later checks.
    case expectation(Expectation)
}

/// The result builder behind `Scenario(_:seed:_:)`: persons, SDK, masking, pages, steps and expectations in any order.
///
/// ```swift
/// let scenario = Scenario("checkout", seed: 42) {
///     Person("alice", viewport: Viewport(width: 1440, height: 900))
///     Page("https://shop.example/cart", html: #"<input id="card"><button id="pay">Pay</button>"#)
///     Step.visit("https://shop.example/cart")
///     Step.type("#card", canary: .card)
///     Step.click("#pay")
/// }
/// ```
@resultBuilder
public enum ScenarioBuilder {
    public static func buildExpression(_ step: Step) -> [ScenarioComponent] { [.step(step)] }
    public static func buildExpression(_ person: Person) -> [ScenarioComponent] { [.person(person)] }
    public static func buildExpression(_ page: Page) -> [ScenarioComponent] { [.page(page)] }
    public static func buildExpression(_ sdk: SDKProfile) -> [ScenarioComponent] { [.sdk(sdk)] }
    public static func buildExpression(_ masking: MaskingPolicy) -> [ScenarioComponent] { [.masking(masking)] }
    public static func buildExpression(_ expectation: Expectation) -> [ScenarioComponent] { [.expectation(expectation)] }
    public static func buildExpression(_ components: [ScenarioComponent]) -> [ScenarioComponent] { components }
    public static func buildBlock(_ parts: [ScenarioComponent]...) -> [ScenarioComponent] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [ScenarioComponent]?) -> [ScenarioComponent] { part ?? [] }
    public static func buildEither(first part: [ScenarioComponent]) -> [ScenarioComponent] { part }
    public static func buildEither(second part: [ScenarioComponent]) -> [ScenarioComponent] { part }
    public static func buildArray(_ parts: [[ScenarioComponent]]) -> [ScenarioComponent] { parts.flatMap { $0 } }
}

extension Scenario {
    /// Builds a scenario in Swift; it equals the parsed `.scenario` file that says the same.
    ///
    /// The last `SDKProfile` and `MaskingPolicy` given win; with no person, the default one is used.
    public init(_ name: String, seed: UInt64 = 0, @ScenarioBuilder _ content: () -> [ScenarioComponent]) {
        var persons: [Person] = []
        var pages: [Page] = []
        var steps: [Step] = []
        var expectations: [Expectation] = []
        var sdk = SDKProfile(kind: .posthog)
        var masking = MaskingPolicy()
        for component in content() {
            switch component {
            case .person(let person): persons.append(person)
            case .page(let page): pages.append(page)
            case .sdk(let profile): sdk = profile
            case .masking(let policy): masking = policy
            case .step(let step): steps.append(step)
            case .expectation(let expectation): expectations.append(expectation)
            }
        }
        self.init(name: name, seed: seed, persons: persons, sdk: sdk, masking: masking, pages: pages, steps: steps, expectations: expectations)
    }
}
