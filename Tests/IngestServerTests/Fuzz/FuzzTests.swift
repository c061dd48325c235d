import Foundation
import Testing

/// A short seeded fuzzing pass over every target; `scripts/fuzz.sh TARGET RUNS` runs one for long.
///
/// `FUZZ_TARGET` picks one target, `FUZZ_RUNS` the executions per target (default 1000), `FUZZ_SEED` the seed, and
/// `FUZZ_CURRENT` a file each input is written to before it runs, so the input of a crash survives the crash.
@Suite("Fuzzing", .serialized)
struct FuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let targets = FuzzTarget.all.filter { target in environment["FUZZ_TARGET"].map { $0 == target.name } ?? true }

    @Test("a seeded mutation pass finds no crash", arguments: targets)
    func fuzz(_ target: FuzzTarget) throws {
        let runs = Int(Self.environment["FUZZ_RUNS"] ?? "") ?? 1000
        let seed = UInt64(Self.environment["FUZZ_SEED"] ?? "") ?? 0xF022
        let current = Self.environment["FUZZ_CURRENT"]
        var fuzzer = MutationFuzzer(seed: seed ^ UInt64(target.name.utf8.reduce(0) { $0 &* 31 &+ Int($1) } & 0xFFFF), seeds: target.seeds())
        let started = Date()
        for seedInput in fuzzer.seeds { target.run(seedInput) }
        for _ in 0..<runs {
            let input = fuzzer.next()
            if let current { FileManager.default.createFile(atPath: current, contents: Data(input)) }
            target.run(input)
        }
        let seconds = Date().timeIntervalSince(started)
        print("fuzz \(target.name): \(runs) executions in \(String(format: "%.1f", seconds)) s, seed \(seed), 0 crashes")
    }
}

extension FuzzTarget: CustomTestStringConvertible {
    var testDescription: String { name }
}
