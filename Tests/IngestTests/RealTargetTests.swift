import Checks
import Foundation
import Harness
import SessionModel
import Testing
import _TestSupport
@testable import Ingest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Real targets", .enabled(if: RealTargets.available, Comment(rawValue: RealTargets.skipMessage)), .serialized)
struct RealTargetTests {
    var env: [String: String] { RealTargets.values ?? [:] }

    /// Two sessions over two pages each, with ids unique to this run.
    func batches() -> [UploadBatch] {
        let run = RealTargets.runId
        return Fixture.session("rr-a-\(run)", count: 4, distinct: "va-\(run)") + Fixture.session("rr-b-\(run)", count: 3, distinct: "vb-\(run)")
    }

    func djangoTarget() throws -> IngestTarget {
        IngestTarget(baseURL: try #require(URL(string: env["RRWEB_URL"] ?? "")), adapter: DjangoRRWebAdapter(),
                     readBack: DjangoRRWebReadBack(databasePath: env["RRWEB_DB"] ?? ""), granularity: .events, retryPolicy: .none)
    }

    @Test("django-rrweb stores the rrweb batches; its database reads back the events sent")
    func djangoRRWeb() async throws {
        let sent = batches()
        let outcome = try await IngestRun.deliver(sent, to: djangoTarget())
        #expect(outcome.acknowledged.count == sent.count)
        #expect(outcome.findings.isEmpty, "\(outcome.failureMessage ?? "")")
        // Read back per page: the page key gives back the page id, the events match as parsed JSON.
        let stored = outcome.storedBack.filter { $0.sessionId == sent[0].sessionId }
        #expect(stored.map(\.pageId) == ["\(sent[0].sessionId)-page-1", "\(sent[0].sessionId)-page-2"])
        #expect(stored.flatMap(\.events) == sent.filter { $0.sessionId == sent[0].sessionId }.flatMap(\.events))
    }

    @Test("django-rrweb stores a retried batch twice, and the harness reports exactly that")
    func djangoRRWebDuplicate() async throws {
        let run = RealTargets.runId
        let sent = Fixture.session("rr-dup-\(run)", count: 3)
        let target = try djangoTarget()
        // The SDK resends batch 1 (say its acknowledgement was lost); django-rrweb has no idempotency.
        let outcome = try await IngestRun.deliver(sent + [sent[1]], to: target)
        #expect(outcome.findings == [DeliveryFinding(.duplicated, sessionId: "rr-dup-\(run)", "session rr-dup-\(run): 2 events were stored more than once")])
    }

    @Test("bugsink accepts Sentry envelopes; its stored JS errors match the scenario's and the replay reads back from the kept envelopes")
    func bugsink() async throws {
        let run = RealTargets.runId
        let error = ScriptError(type: "TypeError", message: "Cannot read properties of undefined (reading 'id') \(run)",
                                frames: [.init(file: "https://shop.example/app.js", line: 120, column: 14, function: "pay"),
                                         .init(file: "https://shop.example/vendor.js", line: 3, column: 7, function: "dispatch")])
        var sent = Fixture.session("bs-\(run)", count: 3)
        sent[1].events.append(Event(timestamp: Fixture.start + 1500, data: .custom(CustomPayload.scriptError(error).customEvent)))
        let adapter = try #require(SentryAdapter(dsn: env["BUGSINK_DSN"] ?? ""))
        let readBack = BugsinkReadBack(baseURL: try #require(URL(string: env["BUGSINK_URL"] ?? "")), token: env["BUGSINK_TOKEN"] ?? "",
                                       projectId: env["BUGSINK_PROJECT_ID"] ?? "1", databasePath: env["BUGSINK_DB"])
        let target = IngestTarget(baseURL: readBack.baseURL, adapter: adapter, readBack: readBack, retryPolicy: .none)
        let outcome = try await IngestRun.deliver(sent, to: target)
        #expect(outcome.sends.allSatisfy { $0.reports.allSatisfy(\.acknowledged) }, "\(outcome.sends.map { $0.reports.map(\.finalStatus) })")
        #expect(outcome.findings.isEmpty, "\(outcome.failureMessage ?? "")")
        #expect(outcome.storedBack.map(\.sequence) == [0, 1, 2])

        // Sending the error envelope again must not make a second stored error (bugsink dedups by event_id).
        let again = try adapter.requests(for: sent[1])[1]
        #expect(await Transport(baseURL: readBack.baseURL, policy: .none).send(again).acknowledged)

        let replayId = SentryAdapter.replayId(sent[1])
        let stored = try await readBack.errors().filter { $0.replayId == replayId }
        #expect(stored.count == 1)
        #expect(stored.first?.error.type == error.type)
        #expect(stored.first?.error.message == error.message)
        #expect(stored.first?.error.frames == error.frames)
        #expect(stored.first?.eventId == SentryAdapter.errorEventId(sent[1], index: 0))
    }
}

/// In CI the real targets are not optional: `REAL_TARGETS_REQUIRED=1` turns their absence into a failure instead of a skip.
@Test("real targets are running when REAL_TARGETS_REQUIRED is set",
      .enabled(if: ProcessInfo.processInfo.environment["REAL_TARGETS_REQUIRED"] != nil, "REAL_TARGETS_REQUIRED not set"))
func realTargetsRequired() {
    #expect(RealTargets.available, "REAL_TARGETS_REQUIRED is set but the real targets are not running; run scripts/real-targets.sh start")
}
