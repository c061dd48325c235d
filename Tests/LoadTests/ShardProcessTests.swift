import _TestSupport
import Foundation
import Load
import Testing

/// Four shard processes, given their shard as a Kubernetes Indexed Job gives it, add up to one process over the same schedule, and merge exactly.
@Suite struct ShardProcessTests {
    static let arguments = [
        "load", "--scenario", "Scenarios/rage-clicks.scenario", "--scenario", "Scenarios/console-levels.scenario",
        "--arrival", "poisson:30/s", "--duration", "2s", "--time-scale", "1000", "--seed", "7", "--connections", "4",
    ]

    @Test func fourShardsMergedEqualOneProcess() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("load-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let single = folder.appendingPathComponent("single.json").path
        let shardFiles = (0..<4).map { folder.appendingPathComponent("shard-\($0).json").path }
        var processes = [try Self.launch(Self.arguments + ["--json", single], environment: [:])]
        for (index, file) in shardFiles.enumerated() {
            processes.append(try Self.launch(Self.arguments + ["--json", file], environment: ["JOB_COMPLETION_INDEX": "\(index)", "JOB_COMPLETIONS": "4"]))
        }
        try await Self.waitForExit(processes)
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0, 0])

        let whole = try Self.report(single)
        let shards = try shardFiles.map(Self.report)
        #expect(shards.map(\.run.shards) == [[0], [1], [2], [3]])
        #expect(shards.allSatisfy { $0.run.shardCount == 4 })
        #expect(whole.requests.sent > 100)
        #expect(shards.map(\.requests.sent).reduce(0, +) == whole.requests.sent)
        #expect(shards.map(\.requests.scheduled).reduce(0, +) == whole.requests.scheduled)
        #expect(shards.map(\.sessions.started).reduce(0, +) == whole.sessions.started)
        #expect(shards.map(\.sessions.uploadsSent).reduce(0, +) == whole.sessions.uploadsSent)
        #expect(shards.map(\.sessions.bodyBytesSent).reduce(0, +) == whole.sessions.bodyBytesSent)
        #expect(shards.allSatisfy { $0.sessions.started > 0 })

        let merged = folder.appendingPathComponent("merged.json").path
        let merge = try Self.launch(["merge"] + shardFiles + ["--json", merged, "--threshold", "requests>0"], environment: [:])
        try await Self.waitForExit([merge])
        #expect(merge.terminationStatus == 0)
        let mergedReport = try Self.report(merged)
        #expect(mergedReport.requests.sent == whole.requests.sent)
        #expect(mergedReport.sessions.started == whole.sessions.started)
        #expect(mergedReport.sessions.complete == whole.sessions.complete)
        #expect(mergedReport.run.shards == [0, 1, 2, 3])
        // The merged histogram is the sum of the shards' histograms, counter by counter.
        for (name, path) in [("corrected", \LoadMeasurements.corrected), ("uncorrected", \LoadMeasurements.uncorrected)] {
            var sum = [UInt64](repeating: 0, count: LatencyHistogram.countsLength)
            for shard in shards {
                for (index, count) in try shard.measurements()[keyPath: path].nonZeroCounts { sum[index] += count }
            }
            #expect(try mergedReport.measurements()[keyPath: path].counts == sum, "\(name) histogram")
            #expect(sum.reduce(0, +) == whole.requests.acknowledged)
        }

        // A report of another run is refused, naming what differs.
        let mixed = try Self.launch(["merge", shardFiles[0], single], environment: [:], captureErrors: true)
        try await Self.waitForExit([mixed.process])
        #expect(mixed.process.terminationStatus == 1)
        #expect(mixed.errors().contains("is not a shard of the same run as \(shardFiles[0]): it is one of 1 shards, not 4"))
    }

    private static func waitForExit(_ processes: [Process]) async throws {
        let boxed = UncheckedProcesses(processes)
        try await offThePool { for process in boxed.processes { process.waitUntilExit() } }
    }

    private static func report(_ path: String) throws -> LoadReport {
        try LoadReport(json: Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
    }

    private static func launch(_ arguments: [String], environment: [String: String]) throws -> Process {
        try launch(arguments, environment: environment, captureErrors: false).process
    }

    private static func launch(_ arguments: [String], environment: [String: String], captureErrors: Bool) throws -> (process: Process, errors: () -> String) {
        let process = Process()
        process.executableURL = BuiltBinary.executable
        process.arguments = arguments
        process.currentDirectoryURL = RepositoryFiles.root
        var variables = ProcessInfo.processInfo.environment
        variables["JOB_COMPLETION_INDEX"] = nil
        variables["JOB_COMPLETIONS"] = nil
        variables.merge(environment) { $1 }
        process.environment = variables
        let pipe = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = captureErrors ? pipe : FileHandle.nullDevice
        try process.run()
        return (process, { String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) })
    }
}

/// Processes handed to the waiting thread; each is only waited for there.
private struct UncheckedProcesses: @unchecked Sendable {
    let processes: [Process]
    init(_ processes: [Process]) { self.processes = processes }
}
