import Checks
import Foundation
import Harness
@testable import IngestServer
import SessionModel
import Testing
@testable import Ingest
import _TestSupport

/// Each fault mode of the reference server is a real behaviour, and each is caught by the check meant for it.
@Suite("Fault modes are caught")
struct FaultModeTests {
    static let fast = RetryPolicy(maximumAttempts: 4, backoff: .exponential(base: 0.5, multiplier: 2, cap: 30), jitter: 0.2, timeScale: 0.002)

    func deliver(_ faults: [FaultMode], _ batches: [UploadBatch] = Fixture.session(count: 6), retry: RetryPolicy = fast,
                 leftovers: [BatchKey] = [], timeout: Double = 30) async throws -> DeliveryOutcome {
        let server = try Fixture.server(faults: faults)
        defer { server.stop() }
        var target = IngestTarget.reference(server, retryPolicy: retry)
        target.requestTimeoutSeconds = timeout
        return try await IngestRun.deliver(batches, to: target, leftovers: leftovers)
    }

    func kinds(_ outcome: DeliveryOutcome) -> Set<DeliveryFinding.Kind> { Set(outcome.findings.map(\.kind)) }

    @Test("with no fault nothing is found")
    func clean() async throws {
        let outcome = try await deliver([])
        #expect(outcome.findings.isEmpty, "\(outcome.failureMessage ?? "")")
        #expect(outcome.acknowledged.count == 6)
    }

    @Test("drop: acknowledged batches that were not stored are reported lost")
    func drop() async throws {
        let outcome = try await deliver([FaultMode(.drop, 0.5)])
        let lost = outcome.findings.filter { $0.kind == .lost }
        #expect(!lost.isEmpty)
        #expect(lost.allSatisfy { $0.detail.contains("(2 events, acknowledged)") })
        #expect(kinds(outcome) == [.lost])
    }

    @Test("duplicate: batches stored twice are reported duplicated")
    func duplicate() async throws {
        let outcome = try await deliver([FaultMode(.duplicate)])
        #expect(outcome.findings.filter { $0.kind == .duplicated }.count == 6)
        #expect(kinds(outcome) == [.duplicated])
    }

    @Test("reorder: read-back out of sequence order is reported reordered")
    func reorder() async throws {
        let outcome = try await deliver([FaultMode(.reorder)])
        #expect(kinds(outcome) == [.reordered])
    }

    @Test("5xx: retried until stored; with every attempt failing the batch is reported lost")
    func serverErrors() async throws {
        let recovered = try await deliver([FaultMode(.serverError, 0.3)])
        #expect(recovered.findings.isEmpty, "\(recovered.failureMessage ?? "")")
        #expect(recovered.sends.contains { $0.reports[0].attempts.count > 1 })
        let failing = try await deliver([FaultMode(.serverError)])
        #expect(failing.findings.filter { $0.kind == .lost }.count == 6)
        #expect(failing.findings.allSatisfy { $0.detail.contains("never acknowledged") })
        #expect(failing.sends.allSatisfy { $0.reports[0].attempts.map(\.status) == [503, 503, 503, 503] })
    }

    @Test("lose-ack: stored but answered 500 is reported stored-without-ack when not retried, and heals when retried")
    func loseAck() async throws {
        let once = try await deliver([FaultMode(.loseAck)], retry: .none)
        #expect(once.findings.filter { $0.kind == .storedWithoutAcknowledgement }.count == 6)
        #expect(kinds(once) == [.storedWithoutAcknowledgement])
        let retried = try await deliver([FaultMode(.loseAck, 0.5)])
        #expect(retried.findings.isEmpty, "\(retried.failureMessage ?? "")")
    }

    @Test("delay: an answer slower than the client's timeout leaves the batch stored without acknowledgement")
    func delay() async throws {
        let server = try Fixture.server(faults: [FaultMode(.delay, 1500)])
        defer { server.stop() }
        let batch = Fixture.batch(sequence: 0)
        // A client that waits 0.3 s for the answer: the bytes reach the server whatever the load, the answer does not come in time.
        let client = try RawClient(port: server.port, timeoutSeconds: 0.3)
        client.send(try ReferenceAdapter().request(for: batch).serialized(host: "127.0.0.1"))
        let acknowledged = client.readResponse()?.status == 200
        client.close()
        #expect(!acknowledged)
        // Read back once the server has stored it (it stores first, then answers late); bounded wait.
        var stored: [UploadBatch] = []
        for _ in 0..<50 where stored.isEmpty {
            try await Task.sleep(nanoseconds: 100_000_000)
            stored = try await ReferenceReadBack(baseURL: server.baseURL).batches(session: batch.sessionId)
        }
        let findings = DeliveryAccounting.compare(sent: [batch], acknowledged: acknowledged ? [BatchKey(batch)] : [], storedBack: stored)
        #expect(findings.map(\.kind) == [.storedWithoutAcknowledgement])
    }

    @Test("429: Retry-After is honoured and the batch gets through")
    func rateLimit() async throws {
        let outcome = try await deliver([FaultMode(.rateLimit, 0.5)])
        #expect(outcome.findings.isEmpty, "\(outcome.failureMessage ?? "")")
        let waits = outcome.sends.flatMap { $0.reports[0].attempts }.filter { $0.waitedSeconds > 0 }.map(\.waitedSeconds)
        #expect(!waits.isEmpty)
        #expect(waits.allSatisfy { abs($0 - 1 * Self.fast.timeScale) < 1e-9 }, "waits \(waits)")
    }

    @Test("leftovers: a kept batch that is never stored is reported as not recovered")
    func leftovers() async throws {
        var batches = Fixture.session(count: 4)
        let leftover = batches.removeLast()
        let outcome = try await deliver([], batches, leftovers: [BatchKey(leftover)])
        let all = batches + [leftover]
        let findings = DeliveryAccounting.compare(sent: all, acknowledged: outcome.acknowledged, storedBack: outcome.storedBack, leftovers: [BatchKey(leftover)])
        #expect(findings.map(\.kind) == [.leftoverNotRecovered])
    }

    @Test("leak: planted values the server should redact are found by the canary scan")
    func leak() async throws {
        let card = "4111111111111111", token = "tok_live_CANARY42"
        let network = Fixture.custom("network", ["headers": ["Authorization": .string("Bearer \(token)")]], at: 50)
        let batch = Fixture.batch(sequence: 0, extraEvents: [Fixture.input(card, id: 7, at: 40), network])
        let scan = CanaryScan(canaries: [card, token])
        let redacted = try await deliver([], [batch])
        #expect(redacted.findings.isEmpty)
        #expect(scan.scan(redacted.storedBack).isEmpty)
        let leaked = try await deliver([FaultMode(.leak)], [batch])
        #expect(scan.scan(leaked.storedBack).map(\.canary) == [card, token])
    }

    @Test("link: one visitor id on two unrelated sites is found by the linkage check")
    func link() async throws {
        let siteA = Fixture.session("sess-a", count: 2, distinct: "visitor-a", origin: "https://shop.example")
        let siteB = Fixture.session("sess-b", count: 2, distinct: "visitor-b", origin: "https://news.other")
        let clean = try await deliver([], siteA + siteB)
        #expect(LinkageCheck.links(siteA: clean.storedBack.filter { $0.origin == "https://shop.example" },
                                   siteB: clean.storedBack.filter { $0.origin == "https://news.other" }).isEmpty)
        let linked = try await deliver([FaultMode(.link)], siteA + siteB)
        let links = LinkageCheck.links(siteA: linked.storedBack.filter { $0.origin == "https://shop.example" },
                                       siteB: linked.storedBack.filter { $0.origin == "https://news.other" })
        #expect(links.map(\.fieldOnA) == ["distinctId"])
    }

    @Test("link-ip and link-token: an IP address or a tracking token stored for two unrelated sites is found by the linkage check",
          arguments: [(FaultMode.Kind.linkByIP, "IP address at .events[2].data.payload.clientIp"), (.linkByToken, "token at .events[2].data.payload.syncId")])
    func linkByIPOrToken(_ kind: FaultMode.Kind, field: String) async throws {
        let siteA = Fixture.session("sess-a", count: 2, distinct: "visitor-a", origin: "https://shop.example")
        let siteB = Fixture.session("sess-b", count: 2, distinct: "visitor-b", origin: "https://news.other")
        func links(_ stored: [UploadBatch]) -> [LinkageCheck.Link] {
            LinkageCheck.links(siteA: stored.filter { $0.origin == "https://shop.example" }, siteB: stored.filter { $0.origin == "https://news.other" })
        }
        #expect(links(try await deliver([], siteA + siteB).storedBack).isEmpty)
        let linked = links(try await deliver([FaultMode(kind)], siteA + siteB).storedBack)
        #expect(linked.map(\.fieldOnA) == [field], "\(linked)")
    }

    @Test("ignore-erasure: data still readable after erasure is found by the erasure check")
    func ignoreErasure() async throws {
        for (faults, expectLeft) in [([FaultMode](), false), ([FaultMode(.ignoreErasure)], true)] {
            let server = try Fixture.server(faults: faults)
            defer { server.stop() }
            _ = try await IngestRun.deliver(Fixture.session("sess-e", distinct: "erase-me") + Fixture.session("sess-k", distinct: "keep-me"), to: .reference(server))
            let readBack = ReferenceReadBack(baseURL: server.baseURL)
            let sessions = try await readBack.sessions(ofVisitor: "erase-me")
            #expect(sessions == ["sess-e"])
            #expect(try await readBack.erase(visitor: "erase-me") == 200)
            let left = try await ErasureCheck.leftovers(sessions: sessions, readBack: readBack.batches(session:))
            #expect(left.isEmpty != expectLeft, "\(faults): \(left)")
            #expect(try await readBack.batches(session: "sess-k").count == 4)
            // Erasure erases the bytes on disk too, not only what read-back shows.
            let onDisk = [UInt8](FileManager.default.contents(atPath: server.store.logPath) ?? Data())
            #expect(CanaryScan(canaries: ["erase-me", "sess-e"]).scan(onDisk).isEmpty == !expectLeft)
            #expect(!CanaryScan(canaries: ["keep-me"]).scan(onDisk).isEmpty)
        }
    }

    @Test("split and merged sessions are told apart from renamed ones")
    func splitAndMerged() {
        let a = Fixture.session("sess-a", count: 2), b = Fixture.session("sess-b", count: 2)
        let acked = (a + b).map(BatchKey.init)
        var split = a + b
        split[1].sessionId = "sess-x"
        #expect(DeliveryAccounting.compare(sent: a + b, acknowledged: acked, storedBack: split).map(\.kind) == [.sessionSplit])
        var merged = a + b
        for index in merged.indices { merged[index].sessionId = "one" }
        #expect(DeliveryAccounting.compare(sent: a + b, acknowledged: acked, storedBack: merged).map(\.kind) == [.sessionsMerged])
        #expect(DeliveryAccounting.compare(sent: a + b, acknowledged: acked, storedBack: a + b).isEmpty)
    }
}

@Suite("Sentry envelopes on the reference server")
struct ReferenceSentryTests {
    @Test("the Sentry adapter delivers to the embedded server end to end; resent segments are deduplicated, and faults still show")
    func sentryEndToEnd() async throws {
        for (faults, expected) in [([FaultMode](), Set<DeliveryFinding.Kind>()), ([FaultMode(.duplicate)], [.duplicated])] {
            let server = try Fixture.server(faults: faults, ingestToken: "41715179df144517aabb4ffee07a6ce1")
            defer { server.stop() }
            let target = IngestTarget(baseURL: server.baseURL, adapter: SentryAdapter(projectId: "1", publicKey: "41715179df144517aabb4ffee07a6ce1"),
                                      // Network errors only get another try: the whole suite on 2 cores can starve a request past its limit,
                                      // and a resent segment is deduplicated, which is what this test shows.
                                      readBack: ReferenceReadBack(baseURL: server.baseURL),
                                      retryPolicy: RetryPolicy(maximumAttempts: 3, backoff: .linear(step: 0.2), retryOn: .networkErrorsOnly))
            var batches = Fixture.session("sentry-s", count: 3)
            batches[2].events.append(Event(timestamp: Fixture.start + 2500, data: .custom(CustomPayload.scriptError(ScriptError(type: "Error", message: "boom")).customEvent)))
            let outcome = try await IngestRun.deliver(batches + [batches[0]], to: target)
            #expect(Set(outcome.findings.map(\.kind)) == expected, "\(outcome.failureMessage ?? "")")
            #expect(outcome.sends.allSatisfy { $0.reports.allSatisfy(\.acknowledged) }, "\(outcome.failureMessage ?? "")")
        }
        let guarded = try Fixture.server(ingestToken: "right-key")
        defer { guarded.stop() }
        let request = try SentryAdapter(projectId: "1", publicKey: "wrong-key").request(for: Fixture.batch(sequence: 0))
        #expect(await Transport(baseURL: guarded.baseURL, policy: .none).send(request).finalStatus == 403)
    }
}
