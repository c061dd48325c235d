import Foundation

/// Finds the repository's own files (scenarios, goldens, test fixtures) from this source file's path, for every test.
///
/// ```swift
/// let text = RepositoryFiles.scenarioText("rage-clicks.scenario")
/// ```
package enum RepositoryFiles {
    /// The repository root (the folder holding Package.swift), three levels above this file.
    package static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `Scenarios/` folder.
    package static var scenarios: URL { root.appendingPathComponent("Scenarios") }

    /// The `golden/` folder.
    package static var goldens: URL { root.appendingPathComponent("golden") }

    /// The file names of every scenario, sorted.
    package static var scenarioNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? []
        return names.filter { $0.hasSuffix(".scenario") }.sorted()
    }

    /// The text of `Scenarios/NAME`, or empty when there is no such file.
    package static func scenarioText(_ name: String) -> String {
        let data = FileManager.default.contents(atPath: scenarios.appendingPathComponent(name).path) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
