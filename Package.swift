// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SessionHarness",
    products: [
        .library(name: "SessionHarness", targets: ["SessionModel", "Simulation", "Ingest", "Replay", "Checks", "Harness"]),
        .library(name: "SessionHarnessTesting", targets: ["HarnessTesting"]),
        .library(name: "Markup", targets: ["Markup"]),
        .library(name: "ScenarioLanguage", targets: ["ScenarioLanguage"]),
        .executable(name: "session-harness", targets: ["session-harness"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .target(name: "SessionModel", dependencies: ["CZlib"]),
        .target(name: "Markup"),
        .target(name: "ScenarioLanguage", dependencies: ["SessionModel", "Markup"]),
        .target(name: "Ingest", dependencies: ["SessionModel", "CZlib", "CSQLite"]),
        .target(name: "Replay", dependencies: ["SessionModel"]),
        .target(name: "Checks", dependencies: ["SessionModel", "Replay"]),
        .target(name: "Simulation", dependencies: ["SessionModel", "ScenarioLanguage", "Markup"]),
        .target(name: "Harness", dependencies: ["SessionModel", "ScenarioLanguage", "Simulation", "Ingest", "Replay", "Checks"]),
        .target(name: "HarnessTesting", dependencies: ["Harness"]),
        .target(name: "HarnessCLI", dependencies: ["SessionModel", "ScenarioLanguage", "Simulation", "Ingest", "Replay", "Checks", "Harness"]),
        .executableTarget(name: "session-harness", dependencies: ["HarnessCLI"]),
        .executableTarget(name: "harness-benchmarks", dependencies: ["SessionModel", "Simulation", "ScenarioLanguage"], path: "Benchmarks/Sources/harness-benchmarks"),
        .executableTarget(name: "replay-bench", dependencies: ["Replay", "SessionModel", "TestSupport"], path: "Benchmarks/ReplayBench"),
        .target(name: "TestSupport", dependencies: ["SessionModel", "Replay", "Checks"]),
        .testTarget(name: "SessionModelTests", dependencies: ["SessionModel", "TestSupport"]),
        .testTarget(name: "MarkupTests", dependencies: ["Markup"]),
        .testTarget(name: "ScenarioLanguageTests", dependencies: ["ScenarioLanguage", "Markup", "SessionModel", "HarnessCLI"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "ScenarioLanguage", "Markup", "SessionModel"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "HarnessCLI", "SessionModel", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "SessionModel", "TestSupport"]),
        .testTarget(name: "ChecksTests", dependencies: ["Checks", "Replay", "SessionModel", "TestSupport"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "HarnessTesting", "HarnessCLI", "Ingest", "Checks", "Replay", "Simulation", "ScenarioLanguage", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["HarnessCLI", "SessionModel", "Replay", "Checks", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["session-harness"], exclude: ["Goldens"]),
    ]
)
