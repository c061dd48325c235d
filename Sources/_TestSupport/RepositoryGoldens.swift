import Foundation
import Goldens

/// The repository's own `golden/` store, configured from `GOLDEN_RECORD` and `CI`.
public enum RepositoryGoldens {
    /// The store at `<repository>/golden`; a bad `GOLDEN_RECORD` value stops the run with its message.
    public static let store: GoldenStore = {
        do {
            return try GoldenStore(root: ConformanceCorpus.repositoryRoot.appendingPathComponent("golden"), environment: ProcessInfo.processInfo.environment)
        } catch {
            fatalError("GOLDEN_RECORD: \(error)")
        }
    }()
}
