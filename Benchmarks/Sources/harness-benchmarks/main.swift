import Foundation
import ScenarioLanguage
import SessionModel
import Simulation
import _TestSupport

/// Throughput benchmarks for SessionHarness, run by the scripts beside this folder.
///
/// `harness-benchmarks generate FILE [MB]` writes a synthetic recording;
/// `harness-benchmarks json FILE` times our JSON code and Foundation's on it.
/// `harness-benchmarks simulate DIR SEEDS [FILE]` simulates every scenario in DIR with seeds
/// 0..<SEEDS (DIR `large`: SEEDS synthetic 400-step sessions), one at a time as `generate` does,
/// reading every window's compact recording (the JSON each event was encoded to once while
/// simulating) where it was encoded; it prints events/s and MB/s for simulating alone (each event
/// generated and serialized once, sized into its upload batch), for simulating plus reading the
/// recordings, and with letting each simulation go as well, and writes all
/// events as one JSON array to FILE for the orjson comparison (encoded afresh, as a cross-check).

/// What one simulation of the `simulate` benchmark counted, and how long simulating it and reading its recordings took.
struct SimulationCounts {
    var events = 0
    var batchBytes = 0
    var recordingBytes = 0
    var uploads = 0
    var simulateNanoseconds: UInt64 = 0
    var readNanoseconds: UInt64 = 0
}

/// Simulates `scenario`: 1. every event generated and serialized once by the simulated SDK into its
/// batches; 2. every window's compact canonical recording read where step 1 encoded it (what
/// orjson's `dumps` returns), each checked to be one closed array. The simulation is let go on return.
func simulateOnce(_ scenario: Scenario, seed: UInt64?, keeping keep: (([Event]) -> Void)?) throws -> SimulationCounts {
    var counts = SimulationCounts()
    let start = DispatchTime.now().uptimeNanoseconds
    let simulation = try Simulator(scenario: scenario, seed: seed).run()
    counts.uploads = simulation.uploads.count
    for upload in simulation.uploads where !upload.isRecoveredLeftover { counts.batchBytes += upload.byteSize }
    for session in simulation.sessions { for window in session.windows { counts.events += window.eventCount } }
    counts.simulateNanoseconds = DispatchTime.now().uptimeNanoseconds - start
    // Kept alive until both steps are timed: released at its last use, it would be timed as reading.
    withExtendedLifetime(simulation) {
        for session in simulation.sessions {
            for window in session.windows {
                counts.recordingBytes += window.compactRecording.withUnsafeBytes { bytes in
                    precondition(bytes.first == UInt8(ascii: "[") && bytes.last == UInt8(ascii: "]"), "a window's recording is not one array")
                    return bytes.count
                }
                keep?(window.events)
            }
        }
        counts.readNanoseconds = DispatchTime.now().uptimeNanoseconds - start - counts.simulateNanoseconds
    }
    return counts
}

func measure(_ repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

func report(_ name: String, bytes: Int, seconds: Double) {
    let rate = Double(bytes) / 1e6 / seconds
    print("\(name)\t\(String(format: "%.3f", seconds))\t\(String(format: "%.1f", rate))")
}

/// Ends the program with `message` on standard error and exit status `status`.
func fail(_ message: String, status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("harness-benchmarks: \(message)\n".utf8))
    exit(status)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    fail("usage: harness-benchmarks generate FILE [MB] | json FILE [REPETITIONS] | simulate DIR SEEDS [FILE]", status: 64)
}

switch arguments[1] {
case "generate":
    let megabytes = arguments.count > 3 ? Int(arguments[3]) ?? 100 : 100
    var generator = ThroughputStreamGenerator(seed: 42)
    let events = generator.events(targetBytes: megabytes * 1_000_000)
    let bytes = RecordingEncoder.encodeArray(events)
    try Data(bytes).write(to: URL(fileURLWithPath: arguments[2]))
    print("wrote \(events.count) events, \(bytes.count) bytes")
case "json":
    let repetitions = arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3
    let data = try Data(contentsOf: URL(fileURLWithPath: arguments[2]))
    let bytes = [UInt8](data)
    var events: [Event] = []
    var generic = JSONValue.null
    var foundationValue: [JSONValue] = []
    print("name\tseconds\tMB/s")
    report("ours-decode-typed", bytes: bytes.count, seconds: try measure(repetitions) { events = try RecordingDecoder.decode(bytes) })
    report("ours-encode-typed", bytes: bytes.count, seconds: measure(repetitions) { _ = RecordingEncoder.encodeArray(events) })
    report("ours-decode-generic", bytes: bytes.count, seconds: try measure(repetitions) { generic = try JSONReader.parse(bytes) })
    report("ours-encode-generic", bytes: bytes.count, seconds: measure(repetitions) { _ = JSONWriter.canonicalBytes(generic) })
    guard ProcessInfo.processInfo.environment["BENCHMARK_SKIP_FOUNDATION"] == nil else { break }
    report("foundation-decode", bytes: bytes.count, seconds: try measure(1) { foundationValue = try JSONDecoder().decode([JSONValue].self, from: data) })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    report("foundation-encode", bytes: bytes.count, seconds: try measure(1) { _ = try encoder.encode(foundationValue) })
    var untyped: Any = NSNull()
    report("foundation-serialization-decode", bytes: bytes.count, seconds: try measure(1) { untyped = try JSONSerialization.jsonObject(with: data) })
    report("foundation-serialization-encode", bytes: bytes.count, seconds: try measure(1) { _ = try JSONSerialization.data(withJSONObject: untyped, options: [.sortedKeys]) })
    precondition(RecordingEncoder.encodeArray(events) == bytes, "the typed round trip changed the bytes")
case "simulate":
    let folder = arguments[2]
    let seeds = arguments.count > 3 ? UInt64(arguments[3]) ?? 40 : 40
    let scenarios: [Scenario]
    if folder == "large" {
        // Long synthetic sessions: SEEDS scenarios of 400 steps each, run once.
        scenarios = LargeScenarios.make(count: Int(seeds), stepsPerScenario: 400)
    } else {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            fail("cannot read the folder \(folder): give a folder of .scenario files, or `large`", status: 66)
        }
        let names = entries.filter { $0.hasSuffix(".scenario") }.sorted()
        guard !names.isEmpty else { fail("the folder \(folder) holds no .scenario files", status: 66) }
        scenarios = names.map { name in
            guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else { fail("cannot read \(folder)/\(name)", status: 66) }
            do {
                return try Scenario(parsing: text, file: name)
            } catch {
                fail("\(error)")
            }
        }
    }
    let seedList: [UInt64?] = folder == "large" ? [nil] : (0..<seeds).map { $0 }
    var eventCount = 0
    var batchBytes = 0
    var fileBytes = 0
    var uploads = 0
    var kept: [Event] = []
    let keepEvents = arguments.count > 4
    var simulateNanoseconds: UInt64 = 0
    var readNanoseconds: UInt64 = 0
    var totalNanoseconds: UInt64 = 0
    // One simulation at a time, as `generate` and `run` go: simulated, its recordings read, then let go
    // (when `simulateOnce` returns), so the memory one simulation used serves the next. Holding all of
    // them, ~600 bytes an event, made a third of the time page faults on fresh memory. Letting each go
    // is timed apart (`release_seconds`): before, the simulations were released at exit, untimed.
    for seed in seedList {
        for scenario in scenarios {
            let start = DispatchTime.now().uptimeNanoseconds
            let one = try simulateOnce(scenario, seed: seed, keeping: keepEvents ? { kept += $0 } : nil)
            totalNanoseconds += DispatchTime.now().uptimeNanoseconds - start
            simulateNanoseconds += one.simulateNanoseconds
            readNanoseconds += one.readNanoseconds
            eventCount += one.events
            batchBytes += one.batchBytes
            fileBytes += one.recordingBytes
            uploads += one.uploads
        }
    }
    let simulateSeconds = Double(simulateNanoseconds) / 1e9
    let seconds = Double(simulateNanoseconds + readNanoseconds) / 1e9
    let releaseSeconds = Double(totalNanoseconds - simulateNanoseconds - readNanoseconds) / 1e9
    print("scenarios\t\(scenarios.count * seedList.count)")
    print("events\t\(eventCount)")
    print("batch_bytes\t\(batchBytes)")
    print("recording_bytes\t\(fileBytes)")
    print("uploads\t\(uploads)")
    print("simulate_seconds\t\(String(format: "%.3f", simulateSeconds))")
    print("simulate_events_per_second\t\(String(format: "%.0f", Double(eventCount) / simulateSeconds))")
    print("simulate_megabytes_per_second\t\(String(format: "%.1f", Double(batchBytes) / 1e6 / simulateSeconds))")
    print("seconds\t\(String(format: "%.3f", seconds))")
    print("events_per_second\t\(String(format: "%.0f", Double(eventCount) / seconds))")
    print("megabytes_per_second\t\(String(format: "%.1f", Double(fileBytes) / 1e6 / seconds))")
    print("release_seconds\t\(String(format: "%.3f", releaseSeconds))")
    print("events_per_second_with_release\t\(String(format: "%.0f", Double(eventCount) / (seconds + releaseSeconds)))")
    if keepEvents {
        try Data(RecordingEncoder.encodeArray(kept)).write(to: URL(fileURLWithPath: arguments[4]))
    }
default:
    FileHandle.standardError.write(Data("unknown benchmark '\(arguments[1])'\n".utf8))
    exit(64)
}
