import Foundation

/// Runs the `session-harness` that `swift build` put next to the test bundle, as a user's shell would.
///
/// ```swift
/// let result = try BuiltBinary.run(["lint", "Scenarios"])
/// #expect(result.status == 0)
/// ```
enum BuiltBinary {
    /// What one run of the binary wrote and how it ended.
    struct Result {
        var status: Int32
        var output: String
        var errors: String
        var seconds: Double
    }

    /// The repository checkout, which the binary runs in.
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `.build/<configuration>/session-harness`: the products folder is the one holding the test bundle.
    static var executable: URL {
        #if os(macOS)
        let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }!.bundleURL.deletingLastPathComponent()
        #else
        let products = Bundle.main.bundleURL
        #endif
        return products.appendingPathComponent("session-harness")
    }

    /// Runs the binary with `arguments` in the repository root and waits for it to end.
    static func run(_ arguments: [String]) throws -> Result {
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
        process.currentDirectoryURL = repositoryRoot
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
}
