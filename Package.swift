// swift-tools-version:6.0
import PackageDescription

// Modules by concept, dependencies one way: the model at the bottom, the CLI on top
// (docs/architecture.md draws the graph).
let package = Package(
    name: "SessionHarness",
    products: [
        .library(name: "SessionHarness", targets: [
            "SessionModel", "Compression", "Simulation", "Ingest", "IngestServer", "Replay", "Checks", "Goldens", "Reports", "Harness",
        ]),
        .library(name: "SessionHarnessTesting", targets: ["HarnessTesting"]),
        .library(name: "Markup", targets: ["Markup"]),
        .library(name: "ScenarioLanguage", targets: ["ScenarioLanguage"]),
        .executable(name: "session-harness", targets: ["session-harness"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),

        // The model: rrweb events, uploads, canonical JSON; zlib; the page markup.
        .target(name: "SessionModel"),
        .target(name: "Compression", dependencies: ["CZlib"]),
        .target(name: "Markup"),

        // Producing sessions: the scenario language and the simulated browser and SDK.
        .target(name: "ScenarioLanguage", dependencies: ["SessionModel", "Markup"]),
        .target(name: "Simulation", dependencies: ["SessionModel", "ScenarioLanguage", "Markup"]),

        // Moving them: the client side (adapters, transport, read-back) and the reference server.
        .target(name: "Ingest", dependencies: ["SessionModel", "Compression", "CSQLite"]),
        .target(name: "IngestServer", dependencies: ["SessionModel", "Compression", "Ingest"]),

        // Judging them: reconstruction, checks on stored data, goldens, reports.
        .target(name: "Replay", dependencies: ["SessionModel"]),
        .target(name: "Checks", dependencies: ["SessionModel", "Compression", "Markup", "ScenarioLanguage", "Replay"]),
        .target(name: "Goldens", dependencies: ["SessionModel", "Replay"]),
        .target(name: "Reports", dependencies: ["SessionModel"]),

        // Load: a keep-alive socket client, and open-model session load with honest latency, thresholds and shard merging.
        .target(name: "LoadHTTP", dependencies: ["CEpoll"]),
        .target(name: "Load", dependencies: ["LoadHTTP", "SessionModel", "ScenarioLanguage", "Simulation", "Ingest", "Compression", "Harness", "Reports"]),

        // Orchestration and the edges: the main job, the test helpers, the command line.
        .target(name: "Harness", dependencies: [
            "SessionModel", "ScenarioLanguage", "Simulation", "Ingest", "IngestServer", "Replay", "Checks", "Goldens", "Reports",
        ]),
        .target(name: "HarnessTesting", dependencies: ["Harness", "Goldens"]),
        .target(name: "HarnessCLI", dependencies: [
            "SessionModel", "Compression", "ScenarioLanguage", "Simulation", "Ingest", "IngestServer", "Replay", "Goldens", "Reports", "Harness",
            "Load",
        ]),
        .executableTarget(name: "session-harness", dependencies: ["HarnessCLI"]),

        // Internal: corpora, generators, real targets and the repository root, for tests and benchmarks.
        .target(name: "_TestSupport", dependencies: ["SessionModel", "Replay", "Goldens", "IngestServer"]),
        .executableTarget(name: "harness-benchmarks", dependencies: ["SessionModel", "Simulation", "ScenarioLanguage", "_TestSupport"], path: "Benchmarks/Sources/harness-benchmarks"),
        .executableTarget(name: "privacy-scan-bench", dependencies: ["Checks", "Compression", "SessionModel", "_TestSupport"], path: "Benchmarks/PrivacyScanBench"),
        .executableTarget(name: "replay-bench", dependencies: ["Replay", "SessionModel", "_TestSupport"], path: "Benchmarks/ReplayBench"),

        .testTarget(name: "SessionModelTests", dependencies: ["SessionModel", "_TestSupport"]),
        .testTarget(name: "CompressionTests", dependencies: ["Compression", "SessionModel"]),
        .testTarget(name: "MarkupTests", dependencies: ["Markup"]),
        .testTarget(name: "ScenarioLanguageTests", dependencies: ["ScenarioLanguage", "Markup", "SessionModel", "HarnessCLI", "_TestSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "ScenarioLanguage", "Markup", "SessionModel", "Replay", "_TestSupport"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "IngestServer", "Checks", "Compression", "Harness", "HarnessCLI", "SessionModel", "_TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "IngestServerTests", dependencies: ["session-harness", "IngestServer", "Ingest", "Checks", "Harness", "SessionModel", "_TestSupport"]),
        .testTarget(name: "ChecksTests", dependencies: ["Checks", "Compression", "Ingest", "SessionModel"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "SessionModel", "Goldens", "HarnessTesting", "_TestSupport"]),
        .testTarget(name: "GoldensTests", dependencies: ["Goldens", "Replay", "SessionModel", "_TestSupport"]),
        .testTarget(name: "HarnessTests", dependencies: [
            "Harness", "HarnessTesting", "HarnessCLI", "Ingest", "IngestServer", "Checks", "Goldens", "Reports", "Replay", "Simulation",
            "ScenarioLanguage", "_TestSupport",
        ]),
        .testTarget(name: "CLITests", dependencies: ["HarnessCLI", "Compression", "SessionModel", "Replay", "Goldens", "_TestSupport"]),
        .testTarget(name: "LoadTests", dependencies: ["Load", "LoadHTTP", "HarnessCLI", "IngestServer", "ScenarioLanguage", "session-harness", "_TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["session-harness", "Goldens", "HarnessTesting", "_TestSupport"], exclude: ["Goldens"]),
    ]
)
