import Foundation
import SessionModel
import Synchronization

/// Compares artifacts with `golden/<scenario>/<artifact>` and records new references when the mode allows.
///
/// The check returns a failure value instead of throwing; test helpers and
/// the CLI report it. Actual output on a mismatch goes to the artifacts
/// folder, never into `golden/`. Under CI (`CI` set) nothing is ever written
/// to `golden/`.
///
/// ```swift
/// let store = try GoldenStore(root: repo.appendingPathComponent("golden"), environment: ProcessInfo.processInfo.environment)
/// if let failure = store.check(scenario: "checkout", artifact: "timeline.json", actual: timeline.canonicalBytes()) {
///     print(failure.message)
/// }
/// print(store.unusedGoldens()) // ["old-scenario/timeline.json"]
/// ```
public final class GoldenStore: Sendable {
    /// The `golden/` folder.
    public let root: URL
    /// Where actual outputs of failed checks are written (e.g. `.build/artifacts/golden`).
    public let artifacts: URL
    public let mode: GoldenRecordMode
    /// Whether the run is under CI, where writing a golden is refused.
    public let isCI: Bool

    /// Every `scenario/artifact` a check asked for, and every scenario, in this run.
    private struct Used {
        var artifacts: Set<String> = []
        var scenarios: Set<String> = []
    }

    private let used = Mutex(Used())

    public init(root: URL, artifacts: URL, mode: GoldenRecordMode, isCI: Bool) {
        self.root = root
        self.artifacts = artifacts
        self.mode = mode
        self.isCI = isCI
    }

    /// Whether `environment` says CI (`CI` set to anything but empty, `0` or `false`): goldens are then never written.
    public static func runsUnderCI(_ environment: [String: String]) -> Bool {
        environment["CI"].map { !$0.isEmpty && $0 != "0" && $0.lowercased() != "false" } ?? false
    }

    /// A store configured from the environment: `GOLDEN_RECORD`, `CI`, and `recordFlag` (the CLI's `--record`), which wins.
    ///
    /// Artifacts default to `.build/artifacts/` in the working directory, followed by `root`'s path
    /// from there (`golden`, `golden/targets/django-rrweb`), or `golden` when `root` lies elsewhere.
    public convenience init(root: URL, artifacts: URL? = nil, environment: [String: String], recordFlag: String? = nil) throws(GoldenConfigurationError) {
        let isCI = Self.runsUnderCI(environment)
        var mode: GoldenRecordMode = isCI ? .never : .missing
        if let text = recordFlag ?? environment["GOLDEN_RECORD"], !text.isEmpty {
            mode = try GoldenRecordMode.parse(text).get()
        }
        let artifactsFolder = artifacts ?? Self.defaultArtifacts(for: root)
        self.init(root: root, artifacts: artifactsFolder, mode: mode, isCI: isCI)
    }

    private static func defaultArtifacts(for root: URL) -> URL {
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        let base = workingDirectory.appendingPathComponent(".build/artifacts")
        let rootPath = root.standardizedFileURL.path
        guard rootPath.hasPrefix(workingDirectory.path + "/") else { return base.appendingPathComponent("golden") }
        return base.appendingPathComponent(String(rootPath.dropFirst(workingDirectory.path.count + 1)))
    }

    /// Checks `actual` against `golden/<scenario>/<artifact>`; nil means it matched and nothing was written.
    ///
    /// `unrecordable` says why `actual` must not become a golden whatever the mode
    /// (a run whose delivery failed replays what the endpoint lost, not a reference).
    public func check(scenario: String, artifact: String, actual: [UInt8], unrecordable: String? = nil) -> GoldenFailure? {
        let relative = scenario + "/" + artifact
        if let problem = GoldenPath.problem(withRelativePath: scenario) ?? GoldenPath.problem(withName: artifact)
            ?? GoldenPath.problem(resolving: relative, in: root) {
            return GoldenFailure(kind: .outsideRoot, path: ControlCharacters.escaped(relative),
                                 message: "golden \(ControlCharacters.escaped(relative)): refused, nothing read or written: \(problem).")
        }
        let golden = root.appendingPathComponent(relative)
        used.withLock {
            $0.artifacts.insert(relative)
            $0.scenarios.insert(scenario)
        }
        let expected = FileManager.default.contents(atPath: golden.path).map { [UInt8]($0) }
        let matches = expected == actual
        let wantsWrite: Bool
        switch mode {
        case .never: wantsWrite = false
        case .missing: wantsWrite = expected == nil
        case .failed: wantsWrite = !matches
        case .all: wantsWrite = true
        }
        if matches && !wantsWrite { return nil }

        if wantsWrite, let unrecordable {
            let saved = writeArtifact(relative, actual)
            return GoldenFailure(
                kind: expected == nil ? .missing : .mismatch, path: relative,
                message: """
                    golden \(relative) \(expected == nil ? "does not exist" : "does not match"); not recorded, because \(unrecordable).
                      actual output: \(saved)
                    """)
        }
        if wantsWrite {
            if isCI {
                let saved = writeArtifact(relative, actual)
                return GoldenFailure(
                    kind: .refusedUnderCI, path: relative,
                    message: """
                        golden \(relative): refusing to write under CI (record mode '\(mode)').
                          actual output: \(saved)
                        Record goldens locally and commit them.
                        """)
            }
            do throws(FileFailure) {
                try OutputFile.createFolder(golden.deletingLastPathComponent().path)
                try OutputFile.write(actual, to: golden.path, atomically: true)
            } catch {
                return GoldenFailure(kind: .writeFailed, path: relative, message: "golden \(relative): could not be written to \(ControlCharacters.escaped(golden.path)): \(error.reason)")
            }
            let what = expected == nil ? "recorded a new golden" : (matches ? "re-recorded an unchanged golden" : "re-recorded a changed golden")
            var message = "golden \(relative): \(what) (record mode '\(mode)'). Check it, commit it, and run again with GOLDEN_RECORD=never."
            if let expected, !matches {
                message += "\n" + GoldenDiff.describe(expected: expected, actual: actual, name: artifact)
            }
            return GoldenFailure(kind: .recorded, path: relative, message: message)
        }

        let saved = writeArtifact(relative, actual)
        guard let expected else {
            return GoldenFailure(
                kind: .missing, path: relative,
                message: """
                    golden \(relative) does not exist (record mode '\(mode)').
                      actual output: \(saved)
                    To record it: GOLDEN_RECORD=missing, or --record missing.
                    """)
        }
        return GoldenFailure(
            kind: .mismatch, path: relative,
            message: """
                golden \(relative) does not match.
                  expected: \(golden.path)
                  actual:   \(saved)
                \(GoldenDiff.describe(expected: expected, actual: actual, name: artifact))
                To accept the actual output: GOLDEN_RECORD=failed, or --record failed.
                """)
    }

    /// Every file under `golden/` that no check in this run asked for, as `scenario/artifact`, sorted.
    public func unusedGoldens() -> [String] {
        let used = self.used.withLock { $0.artifacts }
        var result: [String] = []
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let rootPath = root.standardizedFileURL.path
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(rootPath + "/") else { continue }
            let relative = String(path.dropFirst(rootPath.count + 1))
            if relative.hasPrefix(".") || relative.contains("/.") { continue }
            if !used.contains(relative) { result.append(relative) }
        }
        return result.sorted()
    }

    /// A line for reports: the unused goldens, or nil when there are none.
    public func unusedGoldensReport() -> String? {
        let unused = unusedGoldens()
        guard !unused.isEmpty else { return nil }
        return "\(unused.count) golden file\(unused.count == 1 ? " was" : "s were") not used by any scenario:\n" + unused.map { "  golden/" + $0 }.joined(separator: "\n")
    }

    /// Saves the actual output beside the artifacts; the path written, or why it could not be saved.
    private func writeArtifact(_ relative: String, _ bytes: [UInt8]) -> String {
        let url = artifacts.appendingPathComponent(relative)
        do throws(FileFailure) {
            try OutputFile.createFolder(url.deletingLastPathComponent().path)
            try OutputFile.write(bytes, to: url.path, atomically: true)
            return url.path
        } catch {
            return "could not be saved to \(ControlCharacters.escaped(url.path)): \(error.reason)"
        }
    }
}

/// Why a golden check failed: the kind, the golden's `scenario/artifact` path and a message for a person.
public struct GoldenFailure: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The golden exists and differs.
        case mismatch
        /// There is no golden and the mode does not record.
        case missing
        /// A golden was written; the run must fail so it is reviewed.
        case recorded
        /// The mode asked to write, but the run is under CI.
        case refusedUnderCI
        case writeFailed
        /// The scenario or artifact name is not a plain name, or a symlink leads out of the golden root; nothing was read or written.
        case outsideRoot
    }

    public var kind: Kind
    public var path: String
    public var message: String

    public var description: String { message }
}
