import Foundation

/// Runs the `session-harness` that `swift build` put next to the test bundle, as a user's shell would.
///
/// ```swift
/// let result = try BuiltBinary.run(["lint", "Scenarios"])
/// #expect(result.status == 0)
/// ```
package enum BuiltBinary {
    /// What one run of the binary wrote and how it ended.
    package struct Result {
        package var status: Int32
        package var output: String
        package var errors: String
        package var seconds: Double
    }

    /// `.build/<configuration>/session-harness`: the products folder is the one holding the test bundle.
    package static var executable: URL {
        #if os(macOS)
        let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }!.bundleURL.deletingLastPathComponent()
        #else
        let products = Bundle.main.bundleURL
        #endif
        return products.appendingPathComponent("session-harness")
    }

    /// Runs the binary with `arguments` in the repository root and waits for it to end.
    package static func run(_ arguments: [String]) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("end-to-end-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputFile = folder.appendingPathComponent("stdout")
        let errorFile = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = RepositoryFiles.root
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let start = Date()
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      output: try String(contentsOf: outputFile, encoding: .utf8),
                      errors: try String(contentsOf: errorFile, encoding: .utf8),
                      seconds: Date().timeIntervalSince(start))
    }

    /// Starts `serve` on `dataDirectory` and returns the process and its port (read from its first line).
    package static func serve(dataDirectory: String, port: UInt16 = 0, extra: [String] = []) throws -> (Process, UInt16) {
        let (process, url) = try ListeningProcess.start(executable, ["serve", "--data-dir", dataDirectory, "--port", String(port)] + extra)
        return (process, UInt16(url.port!))
    }
}
