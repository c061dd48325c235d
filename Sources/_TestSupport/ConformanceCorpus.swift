import Foundation

/// The third-party rrweb recordings in `../shared/conformance/rrweb`, for tests that check against them.
///
/// The folder is found beside the repository (or at `$SESSIONHARNESS_CONFORMANCE`);
/// when it is absent, tests skip with `ConformanceCorpus.skipMessage`.
package enum ConformanceCorpus {
    package static let skipMessage = "skipped: ../shared/conformance not found"

    /// The conformance folder, or nil when it is not there.
    package static let folder: URL? = {
        let environment = ProcessInfo.processInfo.environment["SESSIONHARNESS_CONFORMANCE"]
        let candidate = environment.map { URL(fileURLWithPath: $0) }
            ?? RepositoryFiles.root.deletingLastPathComponent().appendingPathComponent("shared/conformance/rrweb")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        return candidate
    }()

    /// The recordings (`*.json`), sorted by name.
    package static var recordings: [URL] {
        guard let folder else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The bytes of a file.
    package static func bytes(of url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
