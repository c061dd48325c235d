import Foundation

/// Finds the repository's files from this test file's own path.
enum RepositoryFiles {
    /// The repository root (the folder holding Package.swift).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `Scenarios/` folder.
    static var scenarios: URL { root.appendingPathComponent("Scenarios") }

    /// The file names of every scenario, sorted.
    static var scenarioNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? []
        return names.filter { $0.hasSuffix(".scenario") }.sorted()
    }

    /// The text of `Scenarios/NAME`.
    static func scenarioText(_ name: String) -> String {
        let data = FileManager.default.contents(atPath: scenarios.appendingPathComponent(name).path) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
