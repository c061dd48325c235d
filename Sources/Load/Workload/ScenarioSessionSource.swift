import Compression
import Foundation
import Harness
import Ingest
import ScenarioLanguage
import SessionModel
import Simulation

/// Sessions simulated from scenarios: arrival `n` is a fresh simulation of scenario `n mod count`, at a seed drawn from the run's seed and `n`.
///
/// Each arrival's own seed gives it its own behaviour (pointer paths,
/// typing rhythm, think times, start time) as well as its own ids; every id
/// is also suffixed with the run's seed and `n` (`Simulation.namespaced`), so
/// no two arrivals share one whatever the scenario pins. The uploads are
/// encoded with the adapter, due at the moments the simulated SDK sent them,
/// divided by the time scale. The same run seed gives the same bytes for the
/// same arrival, so shards and reruns agree. Each scenario is also simulated
/// once at the run's seed up front: a scenario that cannot run fails before
/// the load starts, and that run's digest is what shards must agree on. Each
/// upload carries its person's address as `X-Forwarded-For`, as `run` sends it.
public struct ScenarioSessionSource: SessionSource {
    /// One simulation's upload plan: its batches, the due offset (µs, unscaled) of each, each batch's canonical (uncompressed) size, and the address it is sent from.
    struct Plan: Sendable {
        var batches: [UploadBatch]
        var offsets: [UInt64]
        var uncompressedSizes: [Int]
        var clientIPs: [String]

        /// The digest of the plan's shape (sizes and offsets), which shards compare.
        var digest: String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for size in uncompressedSizes { hash = (hash ^ UInt64(size)) &* 0x0000_0100_0000_01B3 }
            for offset in offsets { hash = (hash ^ offset) &* 0x0000_0100_0000_01B3 }
            return String(hash, radix: 16)
        }
    }

    let scenarios: [Scenario]
    let digests: [String]
    let adapter: any Adapter
    let hostHeader: String
    let pathPrefix: String
    let timeScale: Double
    let seed: UInt64

    /// A source for `scenarios` (in a fixed order), sent with `adapter` to `endpoint`; throws when one cannot be simulated at `seed`.
    public init(scenarios: [Scenario], adapter: any Adapter, endpoint: URL, timeScale: Double, seed: UInt64) throws(SimulationError) {
        var digests: [String] = []
        for scenario in scenarios { digests.append(Self.plan(try Simulator(scenario: scenario, seed: seed).run()).digest) }
        self.scenarios = scenarios
        self.digests = digests
        self.adapter = adapter
        hostHeader = endpoint.port.map { "\(endpoint.host ?? "localhost"):\($0)" } ?? (endpoint.host ?? "localhost")
        var prefix = endpoint.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        pathPrefix = prefix
        self.timeScale = timeScale
        self.seed = seed
    }

    public var identity: [String] {
        ["adapter=\(adapter.name)", "sessions=fresh simulation per arrival"]
            + zip(scenarios, digests).map { "scenario=\($0.name) digest=\($1)" }
    }

    /// The seed of the `number`th arrival's simulation: its own stream of the run's seed.
    func arrivalSeed(_ number: Int) -> UInt64 {
        var random = SeededRandom.stream(seed, "load arrival \(number)")
        return random.next()
    }

    public func requests(forSession number: Int) throws(LoadInputError) -> [PlannedRequest] {
        let scenario = scenarios[number % scenarios.count]
        let simulation: Simulation
        do {
            simulation = try Simulator(scenario: scenario, seed: arrivalSeed(number)).run().namespaced("l\(String(seed, radix: 36))x\(number)")
        } catch {
            throw LoadInputError("scenario \(scenario.name): arrival \(number) (seed \(arrivalSeed(number))) cannot be simulated: \(error)")
        }
        let plan = Self.plan(simulation)
        let contexts = BatchContext.plan(plan.batches)
        var planned: [PlannedRequest] = []
        for (position, batch) in plan.batches.enumerated() {
            let requests: [HTTPRequestBytes]
            do {
                requests = try adapter.requests(for: batch, context: contexts[position])
            } catch {
                throw LoadInputError("scenario \(simulation.scenarioName): the \(adapter.name) adapter cannot encode batch \(position): \(error.message)")
            }
            let offset = UInt64((Double(plan.offsets[position]) / timeScale).rounded())
            for (requestNumber, var request) in requests.enumerated() {
                request.path = pathPrefix + request.path
                // The simulated browser's address, as a proxy in front of the collector reports it; an adapter's own header wins.
                if request.header("X-Forwarded-For") == nil { request.headers.append(HTTPHeader("X-Forwarded-For", plan.clientIPs[position])) }
                planned.append(PlannedRequest(offset: offset, bytes: request.serialized(host: hostHeader), isUpload: requestNumber == 0,
                                              bodyBytes: request.body.count,
                                              uncompressedBodyBytes: requestNumber == 0 ? plan.uncompressedSizes[position] : request.body.count,
                                              batchKey: requestNumber == 0 ? BatchKey(batch) : nil))
            }
        }
        return planned
    }

    /// The upload plan of one simulation, with each batch's due offset matched upload by upload in send order.
    static func plan(_ simulation: Simulation) -> Plan {
        let uploadPlan = UploadPlan(simulation)
        let batches = uploadPlan.batches
        let ordered = simulation.uploads.enumerated().sorted { ($0.element.sendAt, $0.offset) < ($1.element.sendAt, $1.offset) }.map(\.element)
        var used = Set<Int>()
        var offsets: [UInt64] = []
        for batch in batches {
            let key = BatchKey(batch)
            let match = ordered.indices.first { !used.contains($0) && BatchKey(ordered[$0].batch) == key }
            if let match { used.insert(match) }
            let sendAt = match.map { ordered[$0].sendAt } ?? simulation.startTime
            offsets.append(UInt64(max(0, sendAt - simulation.startTime)) * 1000)
        }
        return Plan(batches: batches, offsets: offsets, uncompressedSizes: batches.map { $0.canonicalBytes.count }, clientIPs: uploadPlan.clientIPs)
    }
}
