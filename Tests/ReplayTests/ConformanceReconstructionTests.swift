import Foundation
import Replay
import SessionModel
import Testing
import _TestSupport

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

/// The same recording as one JSON array, as NDJSON, and split into batch lines reconstructs to the same DOM.
@Suite("Input layouts", .enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
struct InputLayoutTests {
    @Test("array, NDJSON and batch lines agree", arguments: ["rrweb-player-demo-2018.json", "rrweb-rec-node-movement.json", "posthog-nextjs-window2.json"])
    func layoutsAgree(_ name: String) throws {
        let session = try conformanceSession(name)
        let lines = RecordingEncoder.encodeLines(session.events)
        var batches: [UInt8] = []
        for chunk in stride(from: 0, to: session.events.count, by: 7) {
            batches += RecordingEncoder.encodeArray(Array(session.events[chunk..<min(chunk + 7, session.events.count)])) + [0x0A]
        }
        let expected = session.finalState().html()
        for (layout, bytes) in [("NDJSON", lines), ("batch lines", batches)] {
            let other = ReplaySession(bytes: bytes)
            #expect(other.decodeFindings.isEmpty, "\(layout)")
            #expect(other.finalState().html() == expected, "\(layout)")
        }
    }
}
