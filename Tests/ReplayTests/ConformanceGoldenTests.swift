import Goldens
import Foundation
import HarnessTesting
import Replay
import SessionModel
import Testing
import _TestSupport

/// The reconstruction of every conformance recording, kept under `golden/conformance/<name>/`.
///
/// These goldens pin the canonical HTML and timeline so any change in the
/// reconstructor shows up as a reviewed diff. Re-record with
/// `GOLDEN_RECORD=failed swift test --filter ConformanceGoldenTests`.
@Suite("Conformance goldens", .enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
struct ConformanceGoldenTests {
    @Test("matches golden/conformance", arguments: conformanceNames)
    func matchesGolden(_ name: String) throws {
        let session = try conformanceSession(name)
        var normaliser = IdentityNormaliser()
        let scenario = "conformance/" + name.replacingOccurrences(of: ".json", with: "")
        for artifact in ReplayArtifacts.make(recording: session, normaliser: &normaliser) {
            assertGolden(artifact.bytes, scenario: scenario, artifact: artifact.name, store: RepositoryGoldens.store)
        }
    }

    /// Every file under golden/conformance belongs to a recording that still produces it.
    @Test func noConformanceGoldenIsUnused() throws {
        let store = GoldenStore(root: RepositoryGoldens.store.root, artifacts: RepositoryGoldens.store.artifacts, mode: .never, isCI: true)
        for name in conformanceNames {
            var normaliser = IdentityNormaliser()
            let scenario = "conformance/" + name.replacingOccurrences(of: ".json", with: "")
            for artifact in ReplayArtifacts.make(recording: try conformanceSession(name), normaliser: &normaliser) {
                _ = store.check(scenario: scenario, artifact: artifact.name, actual: artifact.bytes)
            }
        }
        let unused = store.unusedGoldens().filter { $0.hasPrefix("conformance/") }
        #expect(unused.isEmpty, "unused goldens: \(unused)")
    }
}
