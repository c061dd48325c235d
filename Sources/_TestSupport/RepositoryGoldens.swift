import Foundation
import Goldens

/// The repository's own `golden/` store, configured from `GOLDEN_RECORD` and `CI`.
package enum RepositoryGoldens {
    /// The store at `<repository>/golden`; a bad `GOLDEN_RECORD` value stops the run with its message.
    package static let store: GoldenStore = {
        do {
            return try GoldenStore(root: RepositoryFiles.goldens, environment: ProcessInfo.processInfo.environment)
        } catch {
            fatalError("GOLDEN_RECORD: \(error)")
        }
    }()
}
