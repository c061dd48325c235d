import Foundation
import ScenarioLanguage
import SessionModel
@testable import Simulation
import _TestSupport

/// Runs steps on the given pages with a default person and returns the simulation.
func simulate(
    _ steps: [StepAction], pages: [Page], sdk: SDKProfile = SDKProfile(kind: .posthog), masking: MaskingPolicy = MaskingPolicy(),
    persons: [Person] = [], seed: UInt64 = 7, options: SimulatorOptions = SimulatorOptions()
) throws -> Simulation {
    let scenario = Scenario(name: "test", seed: seed, persons: persons, sdk: sdk, masking: masking, pages: pages, steps: steps.map { Step($0) })
    return try Simulator(scenario: scenario, options: options).run()
}

/// A page whose body is `body`.
func page(_ url: String, _ body: String) -> Page {
    Page(url, html: "<!DOCTYPE html><html><head><title>T</title></head><body>\(body)</body></html>")
}

/// Every event of every session, in session then window order.
func allEvents(_ simulation: Simulation) -> [Event] {
    simulation.sessions.flatMap(\.events)
}

/// The events carried by acknowledged uploads.
func acknowledgedEvents(_ simulation: Simulation) -> [Event] {
    simulation.uploads.filter { $0.outcome == .acknowledged }.flatMap(\.batch.events)
}

/// The canonical JSON text of events, for searching.
func text(_ events: [Event]) -> String {
    String(decoding: RecordingEncoder.encodeArray(events), as: UTF8.self)
}

func inputs(_ simulation: Simulation) -> [Input] {
    allEvents(simulation).compactMap { event in
        if case .incrementalSnapshot(.input(let input)) = event.data { return input }
        return nil
    }
}

func mutations(_ simulation: Simulation) -> [Mutation] {
    allEvents(simulation).compactMap { event in
        if case .incrementalSnapshot(.mutation(let mutation)) = event.data { return mutation }
        return nil
    }
}

func fullSnapshots(_ simulation: Simulation) -> [SerializedNode] {
    allEvents(simulation).compactMap { event in
        if case .fullSnapshot(let snapshot) = event.data { return snapshot.node }
        return nil
    }
}

/// The first serialized node in `root` whose `id` attribute is `id`.
func node(withHTMLId id: String, in root: SerializedNode) -> SerializedNode? {
    if root.attribute("id") == id { return root }
    for child in root.childNodes ?? [] {
        if let found = node(withHTMLId: id, in: child) { return found }
    }
    return nil
}

/// Every real scenario, parsed, with its file name.
func realScenarios() throws -> [(name: String, scenario: Scenario)] {
    try RepositoryFiles.scenarioNames.map { name in
        let text = RepositoryFiles.scenarioText(name)
        return (name, try Scenario(parsing: text, file: name))
    }
}
