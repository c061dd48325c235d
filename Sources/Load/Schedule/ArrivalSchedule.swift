import Foundation
import SessionModel

/// When sessions arrive in an open-model run: at a constant rate, on a linear ramp, or as a Poisson process.
///
/// Arrivals do not wait for earlier sessions to finish (an open model, as
/// k6's arrival-rate executors and wrk2), so a slow endpoint cannot slow the
/// offered load down. The times are a pure function of the schedule and the
/// seed: every shard computes the same list and takes its own share.
///
/// ```swift
/// let schedule = try ArrivalSchedule(parsing: "ramp:0..200/s:5m")
/// var arrivals = schedule.arrivals(seed: 1, durationMicroseconds: 300_000_000)
/// arrivals.next()   // the first arrival, in microseconds from the start
/// ```
public enum ArrivalSchedule: Sendable, Equatable, CustomStringConvertible {
    /// `rate` sessions a second, evenly spaced.
    case constant(perSecond: Double)
    /// From `from` to `to` sessions a second, linearly over `overMicroseconds`, then steady at `to`.
    case ramp(from: Double, to: Double, overMicroseconds: UInt64)
    /// On average `rate` a second, with exponentially distributed gaps drawn from the seed.
    case poisson(perSecond: Double)

    /// Reads `constant:50/s`, `ramp:0..200/s:5m` or `poisson:100/s`; the error says what was expected.
    public init(parsing text: String) throws(LoadInputError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let kinds = ["constant", "ramp", "poisson"]
        func rate(_ word: String) throws(LoadInputError) -> Double {
            guard word.hasSuffix("/s"), let value = Double(word.dropLast(2)), value.isFinite, value >= 0 else {
                throw LoadInputError("'\(word)' in --arrival '\(text)' is not a rate like 50/s")
            }
            guard value <= Self.maximumRate else {
                throw LoadInputError("'\(word)' in --arrival '\(text)' is above \(Self.number(Self.maximumRate))/s, more than any generator sends")
            }
            return value
        }
        switch parts[0] {
        case "constant" where parts.count == 2:
            let value = try rate(parts[1])
            guard value > 0 else { throw LoadInputError("--arrival '\(text)': the rate must be above 0/s") }
            self = .constant(perSecond: value)
        case "poisson" where parts.count == 2:
            let value = try rate(parts[1])
            guard value > 0 else { throw LoadInputError("--arrival '\(text)': the rate must be above 0/s") }
            self = .poisson(perSecond: value)
        case "ramp" where parts.count == 3:
            let ends = parts[1].components(separatedBy: "..")
            guard ends.count == 2, let from = Double(ends[0]), from >= 0, from <= Self.maximumRate else {
                throw LoadInputError("--arrival '\(text)': a ramp is written ramp:FROM..TO/s:DURATION, such as ramp:0..200/s:5m")
            }
            let to = try rate(ends[1])
            let over = try LoadDuration.microseconds(parsing: parts[2], option: "--arrival ramp")
            guard over > 0, from > 0 || to > 0 else { throw LoadInputError("--arrival '\(text)': a ramp needs a duration above 0 and a rate above 0") }
            self = .ramp(from: from, to: to, overMicroseconds: over)
        default:
            var message = "--arrival '\(text)' is not constant:RATE/s, ramp:FROM..TO/s:DURATION or poisson:RATE/s"
            if !kinds.contains(parts[0]), let near = Suggestions.closest(to: parts[0], among: kinds) { message += "; did you mean '\(near)'?" }
            throw LoadInputError(message)
        }
    }

    /// The highest rate a schedule may ask: far past what one process sends (some 100,000 requests/s), so a rate above it is a typo.
    public static let maximumRate = 10_000_000.0
    /// The most sessions one run may schedule: counting the arrivals that never started stays a matter of seconds.
    public static let maximumArrivals = 1_000_000_000.0

    /// How many sessions the schedule brings in `durationMicroseconds` (the integral of its rate; poisson's expectation).
    public func expectedArrivals(durationMicroseconds: UInt64) -> Double {
        let seconds = Double(durationMicroseconds) / 1_000_000
        switch self {
        case .constant(let rate), .poisson(let rate): return rate * seconds
        case .ramp(let from, let to, let over):
            let rampSeconds = Double(min(durationMicroseconds, over)) / 1_000_000
            let reached = rate(atMicroseconds: min(durationMicroseconds, over))
            return (from + reached) / 2 * rampSeconds + to * max(0, seconds - rampSeconds)
        }
    }

    /// The canonical spelling, which `init(parsing:)` reads back to the same schedule.
    public var description: String {
        switch self {
        case .constant(let rate): "constant:\(Self.number(rate))/s"
        case .poisson(let rate): "poisson:\(Self.number(rate))/s"
        case .ramp(let from, let to, let over): "ramp:\(Self.number(from))..\(Self.number(to))/s:\(LoadDuration.text(microseconds: over))"
        }
    }

    /// The rate the schedule asks for at `microseconds` from the start, in sessions a second.
    public func rate(atMicroseconds time: UInt64) -> Double {
        switch self {
        case .constant(let rate), .poisson(let rate): rate
        case .ramp(let from, let to, let over): time >= over ? to : from + (to - from) * Double(time) / Double(over)
        }
    }

    /// The arrival times (microseconds from the start) before `durationMicroseconds`, one by one.
    public func arrivals(seed: UInt64, durationMicroseconds: UInt64) -> Arrivals {
        Arrivals(schedule: self, random: SplitMix64(seed: seed ^ 0xA771_7A15), duration: durationMicroseconds)
    }

    /// The arrival times one by one, computed as they are asked for (nothing is kept).
    public struct Arrivals: IteratorProtocol, Sendable {
        let schedule: ArrivalSchedule
        var random: SplitMix64
        let duration: UInt64
        var count = 0
        var poissonTime = 0.0

        /// The next arrival, or nil once it would be at or after the end.
        public mutating func next() -> UInt64? {
            let seconds: Double
            switch schedule {
            case .constant(let rate):
                seconds = Double(count) / rate
            case .poisson(let rate):
                if count > 0 { poissonTime += -Foundation.log(1 - random.unit()) / rate }
                seconds = poissonTime
            case .ramp(let from, let to, let over):
                seconds = Self.rampTime(ofArrival: Double(count), from: from, to: to, overSeconds: Double(over) / 1_000_000)
            }
            count += 1
            guard seconds.isFinite else { return nil }
            let time = (seconds * 1_000_000).rounded()
            guard time < Double(duration) else { return nil }
            return UInt64(time)
        }

        /// When the `n`th arrival (from 0) falls on a ramp: where the arrivals so far, ∫rate, reach n.
        static func rampTime(ofArrival n: Double, from: Double, to: Double, overSeconds: Double) -> Double {
            let slope = (to - from) / overSeconds
            let rampArrivals = (from + to) / 2 * overSeconds
            guard n < rampArrivals else { return to > 0 ? overSeconds + (n - rampArrivals) / to : .infinity }
            if abs(slope) < 1e-12 { return n / from }
            // from·t + slope·t²/2 = n
            let discriminant = from * from + 2 * slope * n
            return (-from + discriminant.squareRoot()) / slope
        }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
