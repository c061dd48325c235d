import Foundation
import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

/// The pointer and typing models against published human data: each test prints the parameters fitted to
/// generated movements and keystrokes beside the published range it is compared with.
@Suite("Behaviour models against published human data")
struct BehaviourFitTests {
    /// Ordinary least squares of y on x: intercept, slope and R².
    static func fit(_ points: [(x: Double, y: Double)]) -> (intercept: Double, slope: Double, r2: Double) {
        let n = Double(points.count)
        let mx = points.map(\.x).reduce(0, +) / n, my = points.map(\.y).reduce(0, +) / n
        let sxy = points.map { ($0.x - mx) * ($0.y - my) }.reduce(0, +), sxx = points.map { ($0.x - mx) * ($0.x - mx) }.reduce(0, +)
        let slope = sxy / sxx, intercept = my - slope * mx
        let residual = points.map { pow($0.y - intercept - slope * $0.x, 2) }.reduce(0, +)
        let total = points.map { pow($0.y - my, 2) }.reduce(0, +)
        return (intercept, slope, 1 - residual / total)
    }

    /// 2,000 planned movements over distances 50–1200 px to targets 10–120 px wide.
    static func movements() -> [(id: Double, time: Double, overshoots: Bool)] {
        var random = SeededRandom(seed: 2026)
        return (0..<2_000).map { _ in
            let distance = random.double(in: 50...1_200), width = random.double(in: 10...120)
            let path = MousePath.plan(from: (0, 0), to: (distance, 0), targetWidth: width, random: &random)
            return (log2(distance / width + 1), path.duration, path.segments.count == 2)
        }
    }

    @Test("Fitts' law: movement time is linear in the index of difficulty; throughput against Soukoreff & MacKenzie 2004")
    func fittsLaw() {
        let moves = Self.movements()
        let line = Self.fit(moves.map { ($0.id, $0.time) })
        let throughput = moves.map { $0.id / ($0.time / 1000) }.reduce(0, +) / Double(moves.count)
        let overshare = Double(moves.filter(\.overshoots).count) / Double(moves.count)
        print("""
            Fitts fit over \(moves.count) movements: MT = \(Int(line.intercept)) ms + \(Int(line.slope)) ms/bit · ID, R² \(String(format: "%.2f", line.r2)); \
            throughput \(String(format: "%.1f", throughput)) bit/s (published, mouse: 3.7–4.9 bit/s, Soukoreff & MacKenzie 2004, \
            Int. J. Human-Computer Studies 61(6)); movements with an overshoot and correction: \(Int(overshare * 100)) %
            """)
        #expect(line.r2 > 0.6, "movement time must follow the index of difficulty")
        #expect(throughput >= 3.7 && throughput <= 4.9)
        #expect(overshare > 0.4 && overshare < 0.8, "most long movements overshoot and correct, not all")
    }

    @Test("Minimum-jerk strokes: peak speed is 1.875 times the mean, reached at half the movement (Flash & Hogan 1985)")
    func minimumJerkProfile() {
        let path = MousePath(segments: [MousePath.Segment(from: (0, 0), to: (600, 0), duration: 600, curvature: 0)])
        let speeds = (0..<600).map { t in path.position(at: Double(t + 1)).x - path.position(at: Double(t)).x }
        let peak = speeds.max()!, mean = 600.0 / 600.0
        let peakAt = Double(speeds.firstIndex(of: peak)!) / 600
        print("minimum-jerk stroke: peak/mean speed \(String(format: "%.3f", peak / mean)) at \(String(format: "%.2f", peakAt)) of the movement (Flash & Hogan 1985, J. Neurosci. 5(7): 1.875 at 0.5)")
        #expect(abs(peak / mean - 1.875) < 0.01)
        #expect(abs(peakAt - 0.5) < 0.01)
    }

    @Test("Inter-key gaps are log-normal; their mean and the typing speed lie within Dhakal et al. 2018's participants")
    func typingGaps() throws {
        let text = String(repeating: "the quick brown fox jumps over the lazy dog ", count: 12)
        let form = page("https://a.example/", #"<textarea id="t"></textarea>"#)
        let simulation = try simulate([.visit(url: form.url), .type(target: "#t", text: .literal(text))], pages: [form])
        let times = allEvents(simulation).compactMap { event -> Int64? in
            if case .incrementalSnapshot(.input) = event.data { return event.timestamp }
            return nil
        }
        let gaps = zip(times, times.dropFirst()).map { Double($1 - $0) }
        let logs = gaps.map { log($0) }
        let mu = logs.reduce(0, +) / Double(logs.count)
        let sigma = (logs.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(logs.count - 1)).squareRoot()
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        let wpm = 60_000 / mean / 5
        // Skewness of the log gaps: near 0 when the gaps are log-normal.
        let skew = logs.map { pow(($0 - mu) / sigma, 3) }.reduce(0, +) / Double(logs.count)
        print("""
            typing fit over \(gaps.count) gaps: log-normal median \(Int(exp(mu))) ms, σ \(String(format: "%.2f", sigma)), log skew \(String(format: "%.2f", skew)); \
            mean gap \(Int(mean)) ms, \(Int(wpm)) WPM (published: mean inter-key interval 238.66 ms, SD 111.60, and 51.56 WPM, SD 20.20, \
            over 168,000 participants, Dhakal et al., CHI 2018, "Observations on Typing from 136 Million Keystrokes")
            """)
        #expect(abs(skew) < 0.5, "log gaps are roughly symmetric")
        #expect(mean >= 238.66 - 2 * 111.60 && mean <= 238.66 + 2 * 111.60)
        #expect(wpm >= 51.56 - 2 * 20.20 && wpm <= 51.56 + 2 * 20.20)
    }
}
