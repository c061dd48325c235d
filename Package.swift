// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SessionHarness",
    products: [
        .library(name: "SessionHarness", targets: ["SessionModel", "Ingest"]),
        .library(name: "Markup", targets: ["Markup"]),
        .library(name: "ScenarioLanguage", targets: ["ScenarioLanguage"]),
        .executable(name: "session-harness", targets: ["session-harness"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "SessionModel", dependencies: ["CZlib"]),
        .target(name: "Markup"),
        .target(name: "ScenarioLanguage", dependencies: ["SessionModel", "Markup"]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .target(name: "Ingest", dependencies: ["SessionModel", "CZlib", "CSQLite"]),
        .target(name: "HarnessCLI", dependencies: ["SessionModel", "ScenarioLanguage", "Ingest"]),
        .executableTarget(name: "session-harness", dependencies: ["HarnessCLI"]),
        .executableTarget(name: "harness-benchmarks", dependencies: ["SessionModel"], path: "Benchmarks/Sources/harness-benchmarks"),
        .target(name: "TestSupport", dependencies: ["SessionModel"]),
        .testTarget(name: "SessionModelTests", dependencies: ["SessionModel", "TestSupport"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "HarnessCLI", "SessionModel"]),
        .testTarget(name: "CLITests", dependencies: ["HarnessCLI", "SessionModel", "TestSupport"]),
        .testTarget(name: "MarkupTests", dependencies: ["Markup"]),
        .testTarget(name: "ScenarioLanguageTests", dependencies: ["ScenarioLanguage", "Markup", "SessionModel", "HarnessCLI"]),
    ]
)
