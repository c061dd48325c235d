import Compression
import Foundation
import Harness
import Ingest
import SessionModel
import Simulation

/// Sessions simulated from scenarios: arrival `n` replays scenario `n mod count` with every id suffixed by the seed and `n`.
///
/// Each scenario is simulated once at the run's seed; each arrival takes that
/// template, gives every session, window, page and visitor id a suffix unique
/// to the arrival (`Simulation.namespaced`), and encodes its uploads with the
/// adapter, due at the moments the simulated SDK sent them, divided by the
/// time scale. The same seed gives the same bytes for the same arrival, so
/// shards and reruns agree.
public struct ScenarioSessionSource: SessionSource {
    /// One scenario's simulation and the due offset (µs, unscaled) of each upload its plan sends.
    struct Template: Sendable {
        var simulation: Simulation
        var offsets: [UInt64]
        /// The canonical (uncompressed) size of each planned batch, measured on the template.
        var uncompressedSizes: [Int]
        var digest: String
    }

    let templates: [Template]
    let adapter: any Adapter
    let hostHeader: String
    let pathPrefix: String
    let timeScale: Double
    let seed: UInt64

    /// A source for `simulations` (one per scenario, in a fixed order), sent with `adapter` to `endpoint`.
    public init(simulations: [Simulation], adapter: any Adapter, endpoint: URL, timeScale: Double, seed: UInt64) {
        templates = simulations.map(Self.template)
        self.adapter = adapter
        hostHeader = endpoint.port.map { "\(endpoint.host ?? "localhost"):\($0)" } ?? (endpoint.host ?? "localhost")
        var prefix = endpoint.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        pathPrefix = prefix
        self.timeScale = timeScale
        self.seed = seed
    }

    public var identity: [String] {
        ["adapter=\(adapter.name)"] + templates.map { "scenario=\($0.simulation.scenarioName) digest=\($0.digest)" }
    }

    public func requests(forSession number: Int) throws(LoadInputError) -> [PlannedRequest] {
        let template = templates[number % templates.count]
        let simulation = template.simulation.namespaced("l\(String(seed, radix: 36))x\(number)")
        let batches = UploadPlan(simulation).batches
        let contexts = BatchContext.plan(batches)
        var planned: [PlannedRequest] = []
        for (position, batch) in batches.enumerated() {
            let requests: [HTTPRequestBytes]
            do {
                requests = try adapter.requests(for: batch, context: contexts[position])
            } catch {
                throw LoadInputError("scenario \(simulation.scenarioName): the \(adapter.name) adapter cannot encode batch \(position): \(error.message)")
            }
            let offset = UInt64((Double(template.offsets[position]) / timeScale).rounded())
            for (requestNumber, var request) in requests.enumerated() {
                request.path = pathPrefix + request.path
                planned.append(PlannedRequest(offset: offset, bytes: request.serialized(host: hostHeader), isUpload: requestNumber == 0,
                                              bodyBytes: request.body.count,
                                              uncompressedBodyBytes: requestNumber == 0 ? template.uncompressedSizes[position] : request.body.count,
                                              batchKey: requestNumber == 0 ? BatchKey(batch) : nil))
            }
        }
        return planned
    }

    /// The template of one scenario: its plan's due offsets, matched upload by upload in send order.
    static func template(_ simulation: Simulation) -> Template {
        let plan = UploadPlan(simulation).batches
        let ordered = simulation.uploads.enumerated().sorted { ($0.element.sendAt, $0.offset) < ($1.element.sendAt, $1.offset) }.map(\.element)
        var used = Set<Int>()
        var offsets: [UInt64] = []
        for batch in plan {
            let key = BatchKey(batch)
            let match = ordered.indices.first { !used.contains($0) && BatchKey(ordered[$0].batch) == key }
            if let match { used.insert(match) }
            let sendAt = match.map { ordered[$0].sendAt } ?? simulation.startTime
            offsets.append(UInt64(max(0, sendAt - simulation.startTime)) * 1000)
        }
        let sizes = plan.map { $0.canonicalBytes.count }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for size in sizes { hash = (hash ^ UInt64(size)) &* 0x0000_0100_0000_01B3 }
        for offset in offsets { hash = (hash ^ offset) &* 0x0000_0100_0000_01B3 }
        return Template(simulation: simulation, offsets: offsets, uncompressedSizes: sizes, digest: String(hash, radix: 16))
    }
}
