import Foundation
import Replay
import SessionModel
import Testing
import TestSupport

/// Loads a conformance recording by file name.
func conformanceSession(_ name: String) throws -> ReplaySession {
    let folder = try #require(ConformanceCorpus.folder)
    return ReplaySession(bytes: try ConformanceCorpus.bytes(of: folder.appendingPathComponent(name)))
}

let conformanceNames = ConformanceCorpus.recordings.map(\.lastPathComponent)

/// Every third-party recording reconstructs with no finding at all.
@Suite("Conformance reconstruction", .enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
struct ConformanceReconstructionTests {
    @Test func theCorpusHasAll37Recordings() {
        #expect(conformanceNames.count == 37)
    }

    @Test("reconstructs without findings", arguments: conformanceNames)
    func reconstructsCleanly(_ name: String) throws {
        let session = try conformanceSession(name)
        #expect(session.decodeFindings.isEmpty, "\(session.decodeFindings)")
        let dom = session.finalState()
        #expect(dom.hasDocument)
        let findings = dom.findings.map(\.description).joined(separator: "\n")
        #expect(dom.findings.isEmpty, "unexpected findings:\n\(findings)")
        #expect(!dom.html().isEmpty)
    }

    @Test("canonical HTML is deterministic", arguments: conformanceNames)
    func canonicalHTMLIsDeterministic(_ name: String) throws {
        let session = try conformanceSession(name)
        #expect(session.finalState().html() == session.finalState().html())
    }
}
