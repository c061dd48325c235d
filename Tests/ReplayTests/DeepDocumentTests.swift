import Replay
import SessionModel
import Testing
import _TestSupport

/// Pages thousands of elements deep decode, replay, print and are released without recursion, on a 512 KB stack.
///
/// Browsers build trees deeper than their parsers allow (512) through the DOM;
/// rrweb records whatever the DOM holds. Every step from the bytes to the
/// canonical HTML keeps its own stack, so only `JSONReader.defaultMaximumDepth`
/// limits the depth, and a deeper document is a finding naming the event.
@Suite("Deep documents")
struct DeepDocumentTests {
    static let depth = 4_000

    /// What replaying `bytes` on a small stack gives: the final DOM's html, its findings, and what queries see.
    static func replayOnSmallStack(_ bytes: [UInt8], html: Bool = true) -> (html: String, findings: [String], divs: Int, text: String?) {
        SmallStack.run {
            let session = ReplaySession(bytes: bytes)
            let dom = session.finalState()
            let seek = session.seek(to: 1_500)
            let innermost = dom.node(id: DeepDocument.innermostId(depth: depth))
            return (
                html ? dom.html() : "", (session.decodeFindings + dom.findings + seek.findings).map(\.description),
                dom.document?.descendants { $0.tagName == "div" }.count ?? 0, innermost?.textContent
            )
        }
    }

    @Test("a 4,000-deep document reconstructs from a JSON array, with a deep subtree added by a mutation")
    func deepArrayReconstructs() {
        let added = 100
        let result = Self.replayOnSmallStack(DeepDocument.recording(depth: Self.depth, addedDepth: added))
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(result.divs == Self.depth)
        #expect(result.text == "changed at the bottom")
        let lines = result.html.split(separator: "\n")
        // Below html (0) and body (1), the divs, then the spans: the innermost span is indented past them all.
        let innermostSpan = String(repeating: "  ", count: 1 + Self.depth + added) + "<span></span>"
        #expect(lines.contains { $0 == innermostSpan })
        #expect(lines.contains { $0.hasSuffix(#"<div class="innermost">"#) })
    }

    @Test("a 4,000-deep document reconstructs from NDJSON, which every event takes the general reader for")
    func deepLinesReconstruct() {
        let result = Self.replayOnSmallStack(DeepDocument.recording(depth: Self.depth, addedDepth: 100, lineSeparated: true), html: false)
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(result.divs == Self.depth)
        #expect(result.text == "changed at the bottom")
    }

    @Test("a deep document replays inside a Swift Concurrency task")
    func deepInATask() async {
        let bytes = DeepDocument.recording(depth: Self.depth, addedDepth: 500)
        let count = await Task.detached {
            let dom = ReplaySession(bytes: bytes).finalState()
            return dom.document?.descendants { $0.tagName == "span" }.count ?? 0
        }.value
        #expect(count == 500)
    }

    @Test("deeper than the limit: a finding naming the event and the depth, not a crash")
    func deeperThanTheLimit() throws {
        // Past the limit's room for the event, the snapshot and the document's html and body.
        let depth = JSONReader.deepestPage + 20
        let findings = SmallStack.run {
            let session = ReplaySession(bytes: DeepDocument.recording(depth: depth))
            return (session.decodeFindings + session.finalState().findings).map(\.description)
        }
        let first = try #require(findings.first)
        #expect(first.hasPrefix("event 1: "), "\(first)")
        #expect(first.contains("nesting is deeper than \(JSONReader.defaultMaximumDepth) levels"), "\(first)")
        #expect(first.count < 400, "\(first)")
        // The snapshot is lost, so the mutation after it has no document, and says so.
        #expect(findings.dropFirst().contains { $0.hasPrefix("event 2: ") && $0.contains("before any FullSnapshot") }, "\(findings)")
    }

    @Test("the inspector reads a deep document and the id tracker follows it, on a small stack")
    func inspectorReadsDeepDocuments() {
        let problems = SmallStack.run {
            let report = RecordingInspector.inspect(DeepDocument.recording(depth: Self.depth, addedDepth: Self.depth))
            return report.problems.map(\.message) + ["\(report.eventCount) events"]
        }
        #expect(problems == ["3 events"])
    }
}
