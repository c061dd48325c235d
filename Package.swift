// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SessionHarness",
    products: [
        .library(name: "SessionHarness", targets: ["SessionModel", "Ingest"]),
        .executable(name: "session-harness", targets: ["session-harness"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "SessionModel", dependencies: ["CZlib"]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .target(name: "Ingest", dependencies: ["SessionModel", "CZlib", "CSQLite"]),
        .target(name: "HarnessCLI", dependencies: ["SessionModel", "Ingest"]),
        .executableTarget(name: "session-harness", dependencies: ["HarnessCLI"]),
        .executableTarget(name: "harness-benchmarks", dependencies: ["SessionModel"], path: "Benchmarks/Sources/harness-benchmarks"),
        .target(name: "TestSupport", dependencies: ["SessionModel"]),
        .testTarget(name: "SessionModelTests", dependencies: ["SessionModel", "TestSupport"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "HarnessCLI", "SessionModel"]),
        .testTarget(name: "CLITests", dependencies: ["HarnessCLI", "SessionModel", "TestSupport"]),
    ]
)
