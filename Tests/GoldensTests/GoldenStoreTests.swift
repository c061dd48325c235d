import Goldens
import Replay
import Foundation
import SessionModel
import Testing

/// A fresh golden/ and artifacts/ pair in a temporary folder.
struct GoldenSandbox {
    let folder: URL
    var golden: URL { folder.appendingPathComponent("golden") }
    var artifacts: URL { folder.appendingPathComponent("artifacts") }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("golden-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func store(_ mode: GoldenRecordMode, ci: Bool = false) -> GoldenStore {
        GoldenStore(root: golden, artifacts: artifacts, mode: mode, isCI: ci)
    }

    func write(_ relative: String, _ text: String) throws {
        let url = golden.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String, in base: URL? = nil) -> String? {
        FileManager.default.contents(atPath: (base ?? golden).appendingPathComponent(relative).path).map { String(decoding: $0, as: UTF8.self) }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

@Suite("Golden store")
struct GoldenStoreTests {
    let bytes = Array("hello\n".utf8)

    @Test("a matching golden passes in every mode but all", arguments: [GoldenRecordMode.never, .missing, .failed])
    func matchPasses(_ mode: GoldenRecordMode) throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        try sandbox.write("s/a.txt", "hello\n")
        #expect(sandbox.store(mode).check(scenario: "s", artifact: "a.txt", actual: bytes) == nil)
    }

    @Test func modeAllRewritesAndFailsEvenWhenEqual() throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        try sandbox.write("s/a.txt", "hello\n")
        let failure = sandbox.store(.all).check(scenario: "s", artifact: "a.txt", actual: bytes)
        #expect(failure?.kind == .recorded)
        #expect(failure?.message == "golden s/a.txt: re-recorded an unchanged golden (record mode 'all'). Check it, commit it, and run again with GOLDEN_RECORD=never.")
    }

    @Test func missingGoldenUnderNeverFailsAndWritesOnlyTheArtifact() throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        let failure = try #require(sandbox.store(.never).check(scenario: "s", artifact: "a.txt", actual: bytes))
        #expect(failure.kind == .missing)
        #expect(sandbox.read("s/a.txt") == nil)
        #expect(sandbox.read("s/a.txt", in: sandbox.artifacts) == "hello\n")
        #expect(failure.message == """
            golden s/a.txt does not exist (record mode 'never').
              actual output: \(sandbox.artifacts.path)/s/a.txt
            To record it: GOLDEN_RECORD=missing, or --record missing.
            """)
    }

    @Test("an artifacts folder that cannot be written says where and why the actual output was not saved")
    func unwritableArtifacts() throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        let plain = sandbox.folder.appendingPathComponent("plain")
        try Data("x".utf8).write(to: plain)
        let store = GoldenStore(root: sandbox.golden, artifacts: plain.appendingPathComponent("artifacts"), mode: .never, isCI: true)
        let failure = try #require(store.check(scenario: "s", artifact: "a.txt", actual: bytes))
        #expect(failure.message == """
            golden s/a.txt does not exist (record mode 'never').
              actual output: could not be saved to \(plain.path)/artifacts/s/a.txt: \(plain.path) is a file, not a folder
            To record it: GOLDEN_RECORD=missing, or --record missing.
            """)
    }

    @Test("missing, failed and all record a missing golden and fail", arguments: [GoldenRecordMode.missing, .failed, .all])
    func recordingMissing(_ mode: GoldenRecordMode) throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        let failure = sandbox.store(mode).check(scenario: "s", artifact: "a.txt", actual: bytes)
        #expect(failure?.kind == .recorded)
        #expect(sandbox.read("s/a.txt") == "hello\n")
    }

    @Test("output that must not become a golden is never recorded, in any mode", arguments: [GoldenRecordMode.missing, .failed, .all])
    func unrecordable(_ mode: GoldenRecordMode) throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        let failure = sandbox.store(mode).check(scenario: "s", artifact: "a.txt", actual: bytes, unrecordable: "the scenario's delivery failed")
        #expect(failure?.kind == .missing)
        #expect(failure?.message.contains("not recorded, because the scenario's delivery failed") == true)
        #expect(sandbox.read("s/a.txt") == nil)
        #expect(sandbox.read("s/a.txt", in: sandbox.artifacts) == "hello\n")
    }

    @Test("never and missing leave a different golden alone", arguments: [GoldenRecordMode.never, .missing])
    func mismatchNotRecorded(_ mode: GoldenRecordMode) throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        try sandbox.write("s/a.txt", "bye\n")
        let failure = sandbox.store(mode).check(scenario: "s", artifact: "a.txt", actual: bytes)
        #expect(failure?.kind == .mismatch)
        #expect(sandbox.read("s/a.txt") == "bye\n", "golden/ is never touched")
        #expect(sandbox.read("s/a.txt", in: sandbox.artifacts) == "hello\n")
    }

    @Test func failedModeRerecordsADifferentGolden() throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        try sandbox.write("s/a.txt", "bye\n")
        let failure = sandbox.store(.failed).check(scenario: "s", artifact: "a.txt", actual: bytes)
        #expect(failure?.kind == .recorded)
        #expect(sandbox.read("s/a.txt") == "hello\n")
    }

    @Test("under CI nothing is written and the check fails", arguments: GoldenRecordMode.allCases)
    func ciRefusesToWrite(_ mode: GoldenRecordMode) throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        let failure = sandbox.store(mode, ci: true).check(scenario: "s", artifact: "a.txt", actual: bytes)
        #expect(failure != nil)
        #expect(sandbox.read("s/a.txt") == nil)
        if mode != .never { #expect(failure?.kind == .refusedUnderCI) }
    }

    @Test func environmentChoosesTheMode() throws {
        let root = URL(fileURLWithPath: "/tmp/x/golden")
        #expect(try GoldenStore(root: root, environment: [:]).mode == .missing)
        #expect(try GoldenStore(root: root, environment: ["CI": "true"]).mode == .never)
        #expect(try GoldenStore(root: root, environment: ["CI": "1"]).isCI)
        #expect(try GoldenStore(root: root, environment: ["GOLDEN_RECORD": "failed"]).mode == .failed)
        #expect(try GoldenStore(root: root, environment: ["GOLDEN_RECORD": "failed"], recordFlag: "all").mode == .all)
        #expect(throws: GoldenConfigurationError(message: "unknown record mode 'sometimes'; use one of never, missing, failed, all")) {
            try GoldenStore(root: root, environment: ["GOLDEN_RECORD": "sometimes"])
        }
    }

    @Test("actual outputs go to .build/artifacts/ in the working directory, under the golden folder's own path")
    func artifactsFolder() throws {
        let here = FileManager.default.currentDirectoryPath
        func artifacts(_ root: String) throws -> String { try GoldenStore(root: URL(fileURLWithPath: root), environment: [:]).artifacts.path }
        #expect(try artifacts("golden") == here + "/.build/artifacts/golden")
        #expect(try artifacts("golden/targets/django-rrweb") == here + "/.build/artifacts/golden/targets/django-rrweb")
        #expect(try artifacts("/elsewhere/goldens") == here + "/.build/artifacts/golden")
    }

    @Test func unusedGoldensAreListed() throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        try sandbox.write("checkout/timeline.json", "{}\n")
        try sandbox.write("checkout/dom.cart.html", "<html></html>\n")
        try sandbox.write("old/timeline.json", "{}\n")
        try sandbox.write(".DS_Store", "")
        let store = sandbox.store(.never)
        _ = store.check(scenario: "checkout", artifact: "timeline.json", actual: Array("{}\n".utf8))
        #expect(store.unusedGoldens() == ["checkout/dom.cart.html", "old/timeline.json"])
        #expect(store.unusedGoldensReport() == """
            2 golden files were not used by any scenario:
              golden/checkout/dom.cart.html
              golden/old/timeline.json
            """)
    }

    @Test func mismatchMessageGivesTheSummaryThenTheDiff() throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        func timeline(_ entries: [JSONValue]) -> String {
            String(decoding: JSONWriter.canonicalBytes(["entries": .array(entries)], style: .pretty), as: UTF8.self)
        }
        let click: JSONValue = ["kind": "click", "target": "button#pay"]
        let ok: JSONValue = ["kind": "network", "status": 200]
        let failed: JSONValue = ["kind": "network", "status": 500]
        let log: JSONValue = ["kind": "console", "message": "x"]
        try sandbox.write("s/timeline.json", timeline([click, ok, log, log, log]))
        let failure = try #require(sandbox.store(.never).check(scenario: "s", artifact: "timeline.json", actual: Array(timeline([click, failed]).utf8)))
        #expect(failure.message == """
            golden s/timeline.json does not match.
              expected: \(sandbox.golden.path)/s/timeline.json
              actual:   \(sandbox.artifacts.path)/s/timeline.json
            summary:
              entry #1 (network) changed: status: 200 → 500
              3 entries missing after #0 (click): 3 console
            diff (- golden, + actual):
            @@ -6,19 +6,7 @@
                 },
                 {
                   "kind": "network",
            -      "status": 200
            -    },
            -    {
            -      "kind": "console",
            -      "message": "x"
            -    },
            -    {
            -      "kind": "console",
            -      "message": "x"
            -    },
            -    {
            -      "kind": "console",
            -      "message": "x"
            +      "status": 500
                 }
               ]
             }
            To accept the actual output: GOLDEN_RECORD=failed, or --record failed.
            """)
    }

    @Test func htmlMismatchNamesTheElement() {
        let old = "<html>\n  <body>\n    <p id=\"status\">Pending</p>\n    <p class=\"note\">x</p>\n  </body>\n</html>\n"
        let new = "<html>\n  <body>\n    <p id=\"status\">Declined</p>\n  </body>\n</html>\n"
        let text = GoldenDiff.describe(expected: Array(old.utf8), actual: Array(new.utf8), name: "dom.cart.html")
        #expect(text.hasPrefix("""
            summary:
              node changed in html > body: <p id="status">Pending</p> → <p id="status">Declined</p>
              node missing in html > body: <p class="note">x</p>
            diff (- golden, + actual):
            """))
    }
}

@Suite("Line diff")
struct LineDiffTests {
    @Test func shortestEditScript() {
        let diff = LineDiff(old: ["a", "b", "c", "a", "b", "b", "a"], new: ["c", "b", "a", "b", "a", "c"])
        let changes = diff.edits.filter { if case .same = $0 { return false }; return true }.count
        #expect(changes == 5, "Myers' example has an edit distance of 5")
        #expect(LineDiff(old: ["x"], new: ["x"]).isEmpty)
        #expect(LineDiff(old: [], new: ["x"]).unified() == "@@ -0,0 +1,1 @@\n+x")
    }
}

@Suite("Identity normaliser")
struct IdentityNormaliserTests {
    @Test func firstSeenIdBecomesNumberOneEverywhere() throws {
        var normaliser = IdentityNormaliser()
        let stored = try JSONReader.parse(#"""
            {"batches":[{"$session_id":"s-abc","$window_id":"w-1234","url":"https://in.example/s/s-abc?w=w-1234"},
                        {"$session_id":"s-def","$window_id":"w-1234","receivedAt":1712345678901}],
             "note":"session s-abc then s-def"}
            """#)
        let normalised = normaliser.normalise(stored)
        #expect(JSONWriter.canonicalString(normalised) == #"{"batches":[{"$session_id":"<session#1>","$window_id":"<window#1>","url":"https://in.example/s/<session#1>?w=<window#1>"},{"$session_id":"<session#2>","$window_id":"<window#1>","receivedAt":"<time#1>"}],"note":"session <session#1> then <session#2>"}"#)
        #expect(normaliser.normalise(text: "<p>s-def</p>") == "<p><session#2></p>")
    }

    @Test func fieldsAreConfigurable() throws {
        var normaliser = IdentityNormaliser(fields: [.init("tenant", label: "tenant")])
        let value = normaliser.normalise(try JSONReader.parse(#"{"tenant":"t-9","session_id":"kept"}"#))
        #expect(JSONWriter.canonicalString(value) == #"{"session_id":"kept","tenant":"<tenant#1>"}"#)
    }
}

@Suite("Replay artifacts")
struct ReplayArtifactTests {
    @Test func pagesGetSlugsFromTheirPath() {
        var slugs = PageSlugs()
        #expect(["https://shop.example/", "https://shop.example/cart", "https://shop.example/help/faq?x=1", "https://shop.example/cart", "about:blank"].map { slugs.slug(for: $0) }
            == ["index", "cart", "help-faq", "cart-2", "blank"])
    }

    @Test func aScenarioRunnerChecksAReplayInOneCall() throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        let events: [Event] = [
            Event(timestamp: 10, data: .meta(Meta(href: "https://shop.example/cart", width: 800, height: 600)), extra: ["sessionId": "s-123456"]),
            Event(timestamp: 10, data: .fullSnapshot(FullSnapshot(node: .document(id: 1, childNodes: [.element(id: 2, tagName: "html", childNodes: [.element(id: 3, tagName: "body", childNodes: [.text(id: 4, "order s-123456")])])])))),
            Event(timestamp: 20, data: .custom(CustomEvent(tag: "order", payload: ["session_id": "s-123456", "total": 12]))),
            Event(timestamp: 30, data: .meta(Meta(href: "https://shop.example/done", width: 800, height: 600))),
            Event(timestamp: 30, data: .fullSnapshot(FullSnapshot(node: .document(id: 1, childNodes: [])))),
        ]
        let session = ReplaySession(events: events)
        let recorded = sandbox.store(.missing).checkReplay(scenario: "checkout", session: session)
        #expect(recorded.map(\.path) == ["checkout/timeline.json", "checkout/dom.cart.html", "checkout/dom.done.html"])
        #expect(recorded.allSatisfy { $0.kind == .recorded })
        #expect(sandbox.read("checkout/dom.cart.html")?.contains("order <session#1>") == true, "ids in the DOM are normalised like the timeline's")
        #expect(sandbox.read("checkout/timeline.json")?.contains("\"session_id\": \"<session#1>\"") == true)
        #expect(sandbox.store(.never).checkReplay(scenario: "checkout", session: session).isEmpty)
    }
}

@Suite("Golden paths stay inside the root")
struct GoldenPathTests {
    let bytes = Array("hello\n".utf8)

    @Test("a scenario path or artifact name with a part that is not a plain name is refused in every mode, nothing written",
          arguments: ["../../escaped", "..", ".", "/tmp/abs", "a/../../escaped", "a//b", "", "bell\u{7}"])
    func escapingNamesAreRefused(_ name: String) throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        for mode in [GoldenRecordMode.never, .missing, .failed, .all] {
            let asScenario = try #require(sandbox.store(mode).check(scenario: name, artifact: "a.txt", actual: bytes))
            #expect(asScenario.kind == .outsideRoot)
            #expect(!asScenario.message.contains("\u{7}"), "control characters are escaped: \(asScenario.message)")
            let asArtifact = try #require(sandbox.store(mode).check(scenario: "s", artifact: name, actual: bytes))
            #expect(asArtifact.kind == .outsideRoot)
        }
        let written = FileManager.default.enumerator(atPath: sandbox.folder.path)?.allObjects as? [String] ?? []
        #expect(written.isEmpty, "nothing may be written anywhere: \(written)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.folder.deletingLastPathComponent().appendingPathComponent("escaped").path))
    }

    @Test("a scenario folder that is a symlink out of the root is refused; one inside the root is followed")
    func symlinkEscapeIsRefused() throws {
        let sandbox = try GoldenSandbox()
        defer { sandbox.remove() }
        let outside = sandbox.folder.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sandbox.golden.appendingPathComponent("real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: sandbox.golden.appendingPathComponent("leak"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: sandbox.golden.appendingPathComponent("alias"), withDestinationURL: sandbox.golden.appendingPathComponent("real"))

        let failure = try #require(sandbox.store(.all).check(scenario: "leak", artifact: "a.txt", actual: bytes))
        #expect(failure.kind == .outsideRoot)
        #expect(failure.message.contains("leads outside the golden root"), "\(failure.message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)

        let nested = try #require(sandbox.store(.all).check(scenario: "conformance/ordering", artifact: "a.txt", actual: bytes))
        #expect(nested.kind == .recorded, "a nested scenario folder is allowed: \(nested.message)")
        let inside = try #require(sandbox.store(.all).check(scenario: "alias", artifact: "a.txt", actual: bytes))
        #expect(inside.kind == .recorded)
        #expect(sandbox.read("real/a.txt") == "hello\n")
    }
}
