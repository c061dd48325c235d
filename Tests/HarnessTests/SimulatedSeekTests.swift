import Foundation
import Replay
import ScenarioLanguage
import Simulation
import Testing
import _TestSupport

/// Seeking equals playing on what the simulator produces: every scenario under 16 seeds, every recorded tab.
@Suite("seek equals play on simulated sessions")
struct SimulatedSeekTests {
    @Test("at least 200 seeded simulated sessions replay the same by seeking and by playing, with no findings")
    func simulated() throws {
        var recordings = 0
        var problems: [String] = []
        for name in ScenarioRunTests.allScenarioNames {
            let text = try String(contentsOfFile: ScenarioRunTests.scenarioFile(name), encoding: .utf8)
            let scenario = try Scenario(parsing: text, file: name)
            for seed in UInt64(1)...16 {
                let simulation = try Simulator(scenario: scenario, seed: seed).run()
                for session in simulation.sessions {
                    for window in session.windows {
                        recordings += 1
                        let replay = ReplaySession(events: window.events)
                        problems += SeekEqualsPlay.problems(replay, seed: seed).map { "\(name) seed \(seed): \($0)" }
                        problems += replay.finalState().findings.map { "\(name) seed \(seed): finding \($0)" }
                    }
                }
            }
        }
        #expect(recordings >= 200)
        #expect(problems.isEmpty, "\(problems.prefix(3).joined(separator: "\n"))")
    }
}
