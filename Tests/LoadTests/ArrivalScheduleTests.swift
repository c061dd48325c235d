import Load
import Testing

@Suite struct ArrivalScheduleTests {
    static func all(_ schedule: ArrivalSchedule, seed: UInt64 = 1, seconds: Double) -> [UInt64] {
        var arrivals = schedule.arrivals(seed: seed, durationMicroseconds: UInt64(seconds * 1_000_000))
        var times: [UInt64] = []
        while let time = arrivals.next() { times.append(time) }
        return times
    }

    @Test func constantIsEvenlySpaced() {
        let times = Self.all(.constant(perSecond: 50), seconds: 2)
        #expect(times.count == 100)
        #expect(times.prefix(3) == [0, 20_000, 40_000])
        #expect(times.last == 1_980_000)
    }

    @Test func rampSendsTheIntegralOfItsRate() {
        // From 0 to 200/s over 10 s: 1000 arrivals, the density growing linearly.
        let times = Self.all(.ramp(from: 0, to: 200, overMicroseconds: 10_000_000), seconds: 10)
        #expect((999...1000).contains(times.count))
        let firstHalf = times.filter { $0 < 5_000_000 }.count
        #expect((245...255).contains(firstHalf))   // ∫₀⁵ 20t dt = 250
        // After the ramp the rate stays at 200/s.
        let steady = Self.all(.ramp(from: 0, to: 200, overMicroseconds: 10_000_000), seconds: 12).count - times.count
        #expect((399...401).contains(steady))
    }

    @Test func poissonIsDeterministicPerSeedWithTheRightMean() {
        let a = Self.all(.poisson(perSecond: 100), seed: 3, seconds: 100)
        let b = Self.all(.poisson(perSecond: 100), seed: 3, seconds: 100)
        let c = Self.all(.poisson(perSecond: 100), seed: 4, seconds: 100)
        #expect(a == b)
        #expect(a != c)
        #expect((9_700...10_300).contains(a.count))   // 10,000 ± 3σ
        #expect(zip(a, a.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test(arguments: ["constant:50/s", "ramp:0..200/s:5m", "poisson:100/s", "constant:0.5/s", "ramp:10..0/s:90s"])
    func readsBackItsOwnSpelling(_ text: String) throws {
        let schedule = try ArrivalSchedule(parsing: text)
        #expect(schedule.description == text)
        #expect(try ArrivalSchedule(parsing: schedule.description) == schedule)
    }

    @Test func aMistakeSaysWhatWasExpected() {
        do {
            _ = try ArrivalSchedule(parsing: "constnt:50/s")
            Issue.record("accepted a misspelt schedule")
        } catch {
            #expect(error.message == "--arrival 'constnt:50/s' is not constant:RATE/s, ramp:FROM..TO/s:DURATION or poisson:RATE/s; did you mean 'constant'?")
        }
        #expect(throws: LoadInputError.self) { try ArrivalSchedule(parsing: "constant:50") }
        #expect(throws: LoadInputError.self) { try ArrivalSchedule(parsing: "constant:0/s") }
        // A rate no generator sends would make a run that never ends counting its arrivals.
        #expect(throws: LoadInputError.self) { try ArrivalSchedule(parsing: "constant:1e308/s") }
        #expect(throws: LoadInputError.self) { try ArrivalSchedule(parsing: "ramp:1e308..1/s:1m") }
    }

    @Test func expectedArrivalsAreTheIntegralOfTheRate() throws {
        #expect(try ArrivalSchedule(parsing: "constant:50/s").expectedArrivals(durationMicroseconds: 10_000_000) == 500)
        // 0 to 200/s over 60 s, then 200/s for 40 s: 6,000 + 8,000.
        #expect(try ArrivalSchedule(parsing: "ramp:0..200/s:1m").expectedArrivals(durationMicroseconds: 100_000_000) == 14_000)
        // Cut halfway up the ramp: 0 to 100/s over 30 s.
        #expect(try ArrivalSchedule(parsing: "ramp:0..200/s:1m").expectedArrivals(durationMicroseconds: 30_000_000) == 1_500)
    }

    @Test func shardsSplitArrivalsWithoutOverlap() throws {
        let shards = (0..<4).map { Shard(index: $0, count: 4) }
        for number in 0..<100 { #expect(shards.filter { $0.owns(number) }.count == 1) }
        #expect(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "2", "JOB_COMPLETIONS": "4"]) == Shard(index: 2, count: 4))
        #expect(try Shard.fromEnvironment([:]) == nil)
        #expect(throws: LoadInputError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "4", "JOB_COMPLETIONS": "4"]) }
        #expect(throws: LoadInputError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "1"]) }
        #expect(throws: LoadInputError.self) { try Shard(parsing: "1/0") }
    }
}
