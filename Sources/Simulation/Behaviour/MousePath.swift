/// A human-like pointer movement: a minimum-jerk stroke with slight curvature that overshoots, then a short correction.
///
/// Duration follows Fitts' law, `MT = a + b·log2(D/W + 1)`, with a = 120 ms and
/// b = 150 ms/bit, varied per movement by a log-normal factor.
struct MousePath {
    struct Segment {
        var from: (x: Double, y: Double)
        var to: (x: Double, y: Double)
        var duration: Double
        /// Perpendicular bulge, as a fraction of the segment's length.
        var curvature: Double
    }

    var segments: [Segment]

    var duration: Double { segments.reduce(0) { $0 + $1.duration } }

    /// Plans a movement from `start` to `end` for a target of width `targetWidth`.
    static func plan(from start: (x: Double, y: Double), to end: (x: Double, y: Double), targetWidth: Double, random: inout SeededRandom) -> MousePath {
        let dx = end.x - start.x, dy = end.y - start.y
        let distance = (dx * dx + dy * dy).squareRoot()
        guard distance >= 1 else { return MousePath(segments: []) }
        let fitts = 120 + 150 * log2(distance / max(targetWidth, 1) + 1)
        let duration = fitts * random.logNormal(median: 1, sigma: 0.15)
        let curvature = random.double(in: -0.12...0.12)
        if distance > 60, random.chance(0.7) {
            let overshoot = random.double(in: 0.02...0.08)
            let ux = dx / distance, uy = dy / distance
            let sideways = random.normal() * 2
            let beyond = (x: end.x + ux * distance * overshoot - uy * sideways, y: end.y + uy * distance * overshoot + ux * sideways)
            return MousePath(segments: [
                Segment(from: start, to: beyond, duration: duration * 0.85, curvature: curvature),
                Segment(from: beyond, to: end, duration: duration * 0.15 + random.double(in: 60...140), curvature: 0),
            ])
        }
        return MousePath(segments: [Segment(from: start, to: end, duration: duration, curvature: curvature)])
    }

    /// The minimum-jerk position profile, 10τ³ − 15τ⁴ + 6τ⁵.
    static func minimumJerk(_ tau: Double) -> Double {
        let t = min(max(tau, 0), 1)
        return t * t * t * (10 - 15 * t + 6 * t * t)
    }

    /// The position `elapsed` ms into the movement.
    func position(at elapsed: Double) -> (x: Double, y: Double) {
        var remaining = elapsed
        for segment in segments {
            if remaining <= segment.duration {
                let tau = segment.duration > 0 ? min(1, remaining / segment.duration) : 1
                let s = MousePath.minimumJerk(tau)
                let dx = segment.to.x - segment.from.x, dy = segment.to.y - segment.from.y
                let bulge = segment.curvature * sin(Double.pi * s) * (dx * dx + dy * dy).squareRoot()
                let length = max((dx * dx + dy * dy).squareRoot(), 1e-9)
                return (segment.from.x + dx * s - dy / length * bulge, segment.from.y + dy * s + dx / length * bulge)
            }
            remaining -= segment.duration
        }
        return segments.last.map { $0.to } ?? (0, 0)
    }

    /// Positions sampled the way rrweb's 50 ms mousemove throttle sees them, ending at the target; `t` is ms from the start.
    func samples(every interval: Double, random: inout SeededRandom) -> [(x: Double, y: Double, t: Int64)] {
        let total = duration
        guard total > 0 else { return [] }
        var result: [(x: Double, y: Double, t: Int64)] = []
        // One sample per interval at most, and the end point: room for all of them up front.
        result.reserveCapacity(Int(total / interval) + 2)
        var t = random.double(in: 8...24)
        while t < total {
            let point = position(at: t)
            result.append((point.x, point.y, Int64(t)))
            t += interval + random.double(in: 0...8)
        }
        let last = position(at: total)
        result.append((last.x, last.y, Int64(total.rounded(.up))))
        return result
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
