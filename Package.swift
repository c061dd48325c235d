// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SessionHarness",
    products: [
        .library(name: "SessionHarness", targets: ["SessionModel", "Replay", "Checks"]),
        .executable(name: "session-harness", targets: ["session-harness"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "SessionModel", dependencies: ["CZlib"]),
        .target(name: "Replay", dependencies: ["SessionModel"]),
        .target(name: "Checks", dependencies: ["SessionModel", "Replay"]),
        .target(name: "HarnessCLI", dependencies: ["SessionModel", "Replay", "Checks"]),
        .executableTarget(name: "session-harness", dependencies: ["HarnessCLI"]),
        .target(name: "TestSupport", dependencies: ["SessionModel", "Checks"]),
        .executableTarget(name: "replay-bench", dependencies: ["Replay", "SessionModel", "TestSupport"], path: "Benchmarks/ReplayBench"),
        .testTarget(name: "SessionModelTests", dependencies: ["SessionModel", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["HarnessCLI", "SessionModel", "TestSupport"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "SessionModel", "TestSupport"]),
        .testTarget(name: "ChecksTests", dependencies: ["Checks", "Replay", "SessionModel", "TestSupport"]),
    ]
)
