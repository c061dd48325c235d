import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("SDK rules: identities, batching, retries, unload")
struct SDKRuleTests {
    let shopA = page("https://shop.example/a", "<button id=\"go\">Go</button><input id=\"q\">")
    let shopB = page("https://shop.example/b", "<button id=\"go\">Go</button>")
    let wwwShop = page("https://www.shop.example/", "<button id=\"go\">Go</button>")
    let helpShop = page("https://help.shop.example/", "<button id=\"go\">Go</button>")
    let news = page("https://news.other/", "<button id=\"go\">Go</button>")

    @Test("A same-site multi-page visit keeps one session id", arguments: SDKProfile.Kind.allCases)
    func sameSiteKeepsSession(kind: SDKProfile.Kind) throws {
        let simulation = try simulate([.visit(url: shopA.url), .click(target: "#go"), .navigate(url: shopB.url), .click(target: "#go")], pages: [shopA, shopB], sdk: SDKProfile(kind: kind))
        #expect(simulation.sessions.count == 1)
        #expect(simulation.sessions[0].pages == [shopA.url, shopB.url])
        #expect(Set(simulation.uploads.map(\.batch.sessionId)).count == 1)
    }

    @Test("A root-domain cookie carries the session across subdomains")
    func rootDomainCookieSpansSubdomains() throws {
        let simulation = try simulate([.visit(url: wwwShop.url), .click(target: "#go"), .navigate(url: helpShop.url), .click(target: "#go")], pages: [wwwShop, helpShop], sdk: SDKProfile(kind: .posthog, identityStorage: .rootDomainCookie))
        #expect(simulation.sessions.count == 1)
        #expect(Set(simulation.uploads.map(\.batch.distinctId)).count == 1)
        // PostHog keeps the window id in sessionStorage, which is per origin.
        #expect(simulation.sessions[0].windowIds.count == 2)
    }

    @Test("A sessionStorage profile starts a new session on another subdomain")
    func sessionStorageIsPerOrigin() throws {
        let simulation = try simulate([.visit(url: wwwShop.url), .click(target: "#go"), .navigate(url: helpShop.url), .click(target: "#go")], pages: [wwwShop, helpShop], sdk: SDKProfile(kind: .sentry))
        #expect(simulation.sessions.count == 2)
        #expect(simulation.sessions[0].sessionId != simulation.sessions[1].sessionId)
        #expect(simulation.sessions[0].deviceId != simulation.sessions[1].deviceId)
    }

    @Test("Unrelated domains get unrelated ids", arguments: SDKProfile.Kind.allCases)
    func unrelatedDomains(kind: SDKProfile.Kind) throws {
        let simulation = try simulate([.visit(url: shopA.url), .click(target: "#go"), .visit(url: news.url), .click(target: "#go")], pages: [shopA, news], sdk: SDKProfile(kind: kind))
        #expect(simulation.sessions.count == 2)
        let (a, b) = (simulation.sessions[0], simulation.sessions[1])
        let idsA = Set([a.sessionId, a.deviceId] + a.windowIds), idsB = Set([b.sessionId, b.deviceId] + b.windowIds)
        #expect(idsA.isDisjoint(with: idsB))
        let relation = simulation.manifest["relations"]?.arrayValue?.first?["relation"]?.stringValue
        #expect(relation == "unlinkable")
    }

    @Test("Partitioned third-party cookies keep sites apart; unpartitioned ones link them")
    func thirdPartyCookies() throws {
        let steps: [StepAction] = [.visit(url: shopA.url), .click(target: "#go"), .visit(url: news.url), .click(target: "#go")]
        let partitioned = try simulate(steps, pages: [shopA, news], options: SimulatorOptions(thirdPartyCookies: .partitioned))
        let shared = try simulate(steps, pages: [shopA, news], options: SimulatorOptions(thirdPartyCookies: .unpartitioned))
        #expect(Set(partitioned.uploads.compactMap(\.collectorCookie)).count == 2)
        #expect(Set(shared.uploads.compactMap(\.collectorCookie)).count == 1)
        #expect(shared.manifest["relations"]?.arrayValue?.first?["linkedByThirdPartyCookie"] == .bool(true))
    }

    @Test("The manifest's not-identified expectation holds for a person with cookies off, not with cookies on", arguments: [false, true])
    func notIdentifiedHolds(cookies: Bool) throws {
        var dana = Person("dana")
        dana.cookiesEnabled = cookies
        let steps: [StepAction] = [.visit(url: shopA.url), .click(target: "#go"), .visit(url: shopB.url), .visit(url: shopA.url)]
        let scenario = Scenario(name: "test", seed: 7, persons: [dana], pages: [shopA, shopB], steps: steps.map { Step($0) }, expectations: [.notIdentified(person: "dana")])
        let expectation = try Simulator(scenario: scenario).run().manifest["expectations"]?.arrayValue?.first
        #expect(expectation?["kind"] == "not-identified")
        #expect(expectation?["visits"] == .integer(3))
        #expect(expectation?["holds"] == .bool(!cookies))
    }

    @Test("The manifest's unlinkable expectation holds only while the collector cookie does not link the sites", arguments: ThirdPartyCookiePolicy.allCases)
    func unlinkableHoldsCountsTheCollectorCookie(policy: ThirdPartyCookiePolicy) throws {
        let steps: [StepAction] = [.visit(url: shopA.url), .click(target: "#go"), .visit(url: news.url), .click(target: "#go")]
        let scenario = Scenario(name: "test", seed: 7, pages: [shopA, news], steps: steps.map { Step($0) }, expectations: [.unlinkable(shopA.url, news.url)])
        let simulation = try Simulator(scenario: scenario, options: SimulatorOptions(thirdPartyCookies: policy)).run()
        let unlinkable = simulation.manifest["expectations"]?.arrayValue?.first { $0["kind"] == "unlinkable" }
        // Session, device and window ids differ under every jar; only the unpartitioned cookie is shared.
        #expect(unlinkable?["holds"] == .bool(policy != .unpartitioned), "\(policy)")
    }

    @Test("The idle timeout rotates the session id, and the new session starts with a snapshot that keeps node ids")
    func idleTimeoutRotates() throws {
        let sdk = SDKProfile(kind: .posthog, idleTimeout: 30 * 60_000)
        let simulation = try simulate([.visit(url: shopA.url), .click(target: "#go"), .wait(29 * 60_000), .click(target: "#go"), .wait(31 * 60_000), .click(target: "#go")], pages: [shopA], sdk: sdk)
        #expect(simulation.sessions.count == 2)
        let snapshots = simulation.sessions.map { $0.events.first { $0.type == .fullSnapshot } }
        guard case .fullSnapshot(let first)? = snapshots[0]?.data, case .fullSnapshot(let second)? = snapshots[1]?.data else {
            Issue.record("each session must start with a FullSnapshot")
            return
        }
        #expect(node(withHTMLId: "go", in: first.node)?.id == node(withHTMLId: "go", in: second.node)?.id)
        #expect(simulation.sessions[1].events.first?.type == .meta)
    }

    @Test("Uploads respect the event cap and number sequences from 0 per session and window")
    func eventCapAndSequences() throws {
        let sdk = SDKProfile(kind: .posthog, batchEventCap: 5)
        let simulation = try simulate([.visit(url: shopA.url), .type(target: "#q", text: .literal("hello world, this is long"))], pages: [shopA], sdk: sdk)
        #expect(simulation.uploads.allSatisfy { $0.batch.events.count <= 5 })
        #expect(simulation.uploads.map(\.batch.sequence) == Array(0..<simulation.uploads.count))
        #expect(acknowledgedEvents(simulation).count == allEvents(simulation).count)
    }

    @Test("Uploads respect the byte cap")
    func byteCap() throws {
        let sdk = SDKProfile(kind: .posthog, batchByteCap: 2_000)
        let simulation = try simulate([.visit(url: shopA.url), .type(target: "#q", text: .literal("a fairly long sentence typed slowly"))], pages: [shopA], sdk: sdk)
        #expect(simulation.uploads.count > 2)
        // A batch closes at the event that reaches the cap, so it passes the cap by less than one event.
        #expect(simulation.uploads.allSatisfy { $0.byteSize < 2_000 + 1_500 })
        #expect(simulation.uploads.allSatisfy { $0.byteSize == RecordingEncoderSize.of($0.batch) })
    }

    @Test("Retries back off on 5xx and network errors and stop at the first 4xx")
    func retries() throws {
        let options = SimulatorOptions(collectorResponses: [0: [503, 0, 500, 400, 200]])
        let simulation = try simulate([.visit(url: shopA.url), .click(target: "#go")], pages: [shopA], options: options)
        let first = simulation.uploads[0]
        #expect(first.attempts.map(\.status) == [503, 0, 500, 400])
        #expect(first.outcome == .rejected)
        let gaps = zip(first.attempts, first.attempts.dropFirst()).map { $1.at - $0.completedAt }
        // 3000·2^n with ±50% jitter.
        for (n, gap) in gaps.enumerated() {
            let base = 3000.0 * Double(1 << n)
            #expect(Double(gap) >= base * 0.5 && Double(gap) <= base * 1.5)
        }
    }

    @Test("Network errors give up after three tries, 5xx after ten")
    func retryLimits() throws {
        let network = try simulate([.visit(url: shopA.url), .click(target: "#go")], pages: [shopA], options: SimulatorOptions(collectorResponses: [0: Array(repeating: 0, count: 20)]))
        #expect(network.uploads[0].attempts.count == 3)
        #expect(network.uploads[0].outcome == .gaveUp)
        let server = try simulate([.visit(url: shopA.url), .click(target: "#go")], pages: [shopA], options: SimulatorOptions(collectorResponses: [0: Array(repeating: 502, count: 20)]))
        #expect(server.uploads[0].attempts.count == 10)
    }

    @Test("An unload during an upload leaves exactly the unacknowledged events, and the next visit sends them first", arguments: [UnloadTiming.duringUpload, .beforeUpload])
    func unloadMidBatch(timing: UnloadTiming) throws {
        let simulation = try simulate([
            .visit(url: shopA.url), .type(target: "#q", text: .literal("boots")), .unload(timing),
            .returnAfter(60_000, url: nil), .click(target: "#go"),
        ], pages: [shopA], sdk: SDKProfile(kind: .logrocket, flushInterval: 10_000))
        let lost = simulation.uploads.indices.filter { simulation.uploads[$0].outcome == .lostAtUnload }
        #expect(lost.count == 1)
        let lostUpload = simulation.uploads[lost[0]]
        if timing == .duringUpload { #expect(lostUpload.attempts.map(\.status) == [-1]) } else { #expect(lostUpload.attempts.isEmpty) }
        let recovered = try #require(lostUpload.recoveredBy)
        let resent = simulation.uploads[recovered]
        #expect(resent.isRecoveredLeftover)
        #expect(resent.batch == lostUpload.batch)
        // Sent first on the next visit: before any batch of the new page.
        let newPage = simulation.uploads.filter { !$0.isRecoveredLeftover && $0.sendAt > lostUpload.sendAt }
        #expect(newPage.allSatisfy { $0.sendAt >= resent.sendAt })
        // Nothing lost, nothing doubled.
        let delivered = acknowledgedEvents(simulation)
        #expect(delivered.count == allEvents(simulation).count)
        #expect(text(delivered.sorted { ($0.timestamp ?? 0) < ($1.timestamp ?? 0) }) == text(allEvents(simulation).sorted { ($0.timestamp ?? 0) < ($1.timestamp ?? 0) }))
        // Original session and sequence: the same session as the return visit (2 minutes later), sequence 0 of the first window.
        #expect(resent.batch.sequence == 0)
        #expect(simulation.sessions.count == 1)
    }

    @Test("An unload after the upload leaves nothing behind")
    func unloadAfterUpload() throws {
        let simulation = try simulate([.visit(url: shopA.url), .type(target: "#q", text: .literal("x")), .unload(.afterUpload), .returnAfter(60_000, url: nil)], pages: [shopA])
        #expect(simulation.uploads.allSatisfy { $0.outcome == .acknowledged && !$0.isRecoveredLeftover })
    }

    @Test("Session, window and device ids are UUIDv7-shaped and valid for ingest", arguments: [1, 2, 3] as [UInt64])
    func idShape(seed: UInt64) throws {
        let simulation = try simulate([.visit(url: shopA.url)], pages: [shopA], seed: seed)
        let session = simulation.sessions[0]
        for id in [session.sessionId, session.deviceId] + session.windowIds {
            let parts = id.split(separator: "-")
            #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
            #expect(parts[2].first == "7")
            #expect(id.allSatisfy { $0.isHexDigit || $0 == "-" })
        }
    }
}

/// The exact compact size of a batch, computed independently of the simulator.
enum RecordingEncoderSize {
    static func of(_ batch: UploadBatch) -> Int {
        var writer = JSONWriter()
        batch.write(to: &writer)
        return writer.bytes.count
    }
}
