import ScenarioLanguage
import SessionModel

/// Turns a `Scenario` into what a recorder SDK in a real browser would produce: rrweb events, identities, uploads and a manifest.
///
/// Everything is derived from the seed and a virtual clock, so the same scenario
/// and seed give byte-identical output on any machine.
///
/// ```swift
/// let scenario = try Scenario(parsing: text, file: "Scenarios/checkout.scenario")
/// let simulation = try Simulator(scenario: scenario, seed: scenario.seed).run()
/// print(simulation.sessions.count, simulation.uploads.count)
/// ```
public struct Simulator: Sendable {
    public var scenario: Scenario
    public var seed: UInt64
    public var options: SimulatorOptions

    /// Creates a simulator; `seed` replaces the scenario's own seed.
    public init(scenario: Scenario, seed: UInt64? = nil, options: SimulatorOptions = SimulatorOptions()) {
        self.scenario = scenario
        self.seed = seed ?? scenario.seed
        self.options = options
    }

    /// Runs every step and returns the result; throws when a step cannot run (no page open, a target that matches nothing).
    public func run() throws(SimulationError) -> Simulation {
        var options = self.options
        // A scenario that names its cookie jar keeps it whatever the options say.
        if let jar = scenario.thirdPartyCookies { options.thirdPartyCookies = ThirdPartyCookiePolicy(rawValue: jar.rawValue)! }
        let engine = Engine(scenario: scenario, seed: seed, options: options)
        return try engine.run()
    }

    /// The virtual clock's start for a seed: 2026-01-01T00:00:00Z plus up to about 30 days.
    public static func startTime(seed: UInt64) -> Int64 {
        var random = SeededRandom.stream(seed, "epoch")
        return 1_767_225_600_000 + Int64(random.int(in: 0...(30 * 86_400))) * 1000
    }
}

/// Knobs of the simulated world that scenarios do not set.
public struct SimulatorOptions: Sendable, Equatable {
    /// How the cookie jar treats the collector's third-party cookie.
    public var thirdPartyCookies: ThirdPartyCookiePolicy
    /// The collector's host, which sets the third-party cookie.
    public var collectorHost: String
    /// Scripted collector responses: for the upload at this index (in scheduling order), the statuses of its
    /// successive attempts (0 is a network error); attempts past the list get 200.
    public var collectorResponses: [Int: [Int]]

    public init(thirdPartyCookies: ThirdPartyCookiePolicy = .partitioned, collectorHost: String = "collector.harness.test", collectorResponses: [Int: [Int]] = [:]) {
        self.thirdPartyCookies = thirdPartyCookies
        self.collectorHost = collectorHost
        self.collectorResponses = collectorResponses
    }
}

/// Why a scenario could not be simulated, with the step's place.
public struct SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public init(message: String, location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): error: \(message)" }
}
