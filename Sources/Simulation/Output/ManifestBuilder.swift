import ScenarioLanguage
import SessionModel

/// Builds the manifest: the truth about a simulation that later checks compare stored data against.
///
/// Layout (canonical JSON, keys sorted by the writer):
/// - `scenario`, `seed`, `startTime`, `sdk`, `masking`
/// - `persons[]`: `name`, `ip`, `userAgent`, `timezone`, `viewport`, and `visits[]` with
///   `url`, `origin`, `pageId`, `windowId`, `sessionIds`, `deviceId`, `userId`, `loadedAt`,
///   `eventCounts` (by kind), `uploads` (indices), `leftAtUnload` and `recoveredOnLoad`
/// - `sessions[]`: `index`, `person`, `sessionId`, `deviceId`, `userId`, `origin`, `windows[]`
///   (`windowId`, `pages`, `eventCount`)
/// - `uploads[]`: `index`, `person`, `sessionId`, `windowId`, `pageId`, `sequence`, `eventCount`,
///   `byteSize`, `sendAt`, `attempts[]`, `outcome`, `isRecoveredLeftover`, `recoveredFrom`,
///   `recoveredBy`, `collectorCookie`
/// - `canaries[]`: every planting with `plantedIn`, `capturePath` and `mustBeMasked`
/// - `canaryValues[]`: each distinct value once, `mustNotAppear` when every planting of it is masked
/// - `relations[]`: for each pair of visits by one person, whether they share a session or are
///   unlinkable (no shared session, device or window id, different sites)
/// - `erasures[]` (only when the scenario has `erase` steps): `person` and `at` (virtual ms)
/// - `expectations[]`: the scenario's `expect` lines and whether the simulation satisfies them
///   (`unlinkable` holds only when the two pages' visits share no session, device or window id
///   and no collector cookie)
struct ManifestBuilder {
    /// The simulation the manifest tells the truth about.
    let simulation: Simulation
    let facts: ManifestFacts
    /// Per page id, the indices of the uploads its page view sent (recovered leftovers excluded), in order.
    private let uploadsByPage: [String: [Int]]

    init(simulation: Simulation) {
        self.simulation = simulation
        facts = simulation.manifestFacts
        var uploadsByPage: [String: [Int]] = [:]
        for (index, upload) in simulation.uploads.enumerated() where !upload.isRecoveredLeftover {
            uploadsByPage[upload.batch.pageId, default: []].append(index)
        }
        self.uploadsByPage = uploadsByPage
    }

    func build() -> JSONValue {
        let scenario = facts.scenario
        var root: JSONObject = [
            "scenario": .string(scenario.name),
            "seed": .string(String(simulation.seed)),
            "startTime": .integer(simulation.startTime),
            "sdk": [
                "kind": .string(scenario.sdk.kind.rawValue), "identityStorage": .string(scenario.sdk.identityStorage.rawValue),
                "flushInterval": .integer(scenario.sdk.flushInterval), "batchByteCap": .integer(Int64(scenario.sdk.batchByteCap)),
                "batchEventCap": .integer(Int64(scenario.sdk.batchEventCap)), "idleTimeout": .integer(scenario.sdk.idleTimeout),
            ],
            "masking": ["mode": .string(scenario.masking.mode.rawValue), "maskAllInputs": .bool(scenario.masking.maskAllInputs)],
            "thirdPartyCookies": .string(facts.thirdPartyCookies.rawValue),
        ]
        root["persons"] = .array(scenario.persons.map(person))
        root["sessions"] = .array(simulation.sessions.map(session))
        root["uploads"] = .array(simulation.uploads.indices.map(upload))
        root["canaries"] = .array(simulation.canaries.map(\.json))
        root["canaryValues"] = .array(canaryValues())
        root["relations"] = .array(relations())
        root["expectations"] = .array(scenario.expectations.map(expectation))
        if !simulation.erasures.isEmpty {
            root["erasures"] = .array(simulation.erasures.map { ["person": .string($0.person), "at": .integer($0.at)] })
        }
        root["pendingAtEnd"] = .array(facts.pendingAtEnd.map { .integer(Int64($0)) })
        return .object(root)
    }

    /// An object whose keys are distinct by construction, made without checking each key against the others.
    private func object(_ members: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(JSONObject(uniqueMembers: members.map { (key: $0.key, value: $0.value) }))
    }

    private func person(_ person: Person) -> JSONValue {
        let visits = facts.visits.filter { $0.person == person.name }.map { visit -> JSONValue in
            object([
                "url": .string(visit.url), "origin": .string(visit.origin), "pageId": .string(visit.pageId), "windowId": .string(visit.windowId),
                "sessionIds": .array(visit.sessionIds.map(JSONValue.string)), "deviceId": .string(visit.deviceId), "loadedAt": .integer(visit.loadedAt),
                "eventCounts": .object(JSONObject(visit.countsByName.map { (key: $0.name, value: .integer(Int64($0.count))) })),
                "uploads": .array((uploadsByPage[visit.pageId] ?? []).map { .integer(Int64($0)) }),
                "leftAtUnload": .array(visit.leftAtUnload.map { .integer(Int64($0)) }),
                "recoveredOnLoad": .array(visit.recovered.map { .integer(Int64($0)) }),
                "userId": visit.userId.map(JSONValue.string) ?? .null,
            ])
        }
        return [
            "name": .string(person.name), "ip": .string(simulation.clientIPs[person.name] ?? person.ip), "userAgent": .string(person.userAgent), "timezone": .string(person.timezone),
            "viewport": .string(person.viewport.description), "visits": .array(visits),
        ]
    }

    private func session(_ session: SimulatedSession) -> JSONValue {
        object([
            "index": .integer(Int64(session.index)), "person": .string(session.person), "sessionId": .string(session.sessionId),
            "deviceId": .string(session.deviceId), "origin": .string(session.origin),
            "windows": .array(session.windows.map { window in
                object(["windowId": .string(window.windowId), "pages": .array(window.pages.map { .string($0.url) }), "eventCount": .integer(Int64(window.eventCount))])
            }),
            "userId": session.userId.map(JSONValue.string) ?? .null,
        ])
    }

    private func upload(_ index: Int) -> JSONValue {
        let upload = simulation.uploads[index]
        return object([
            "index": .integer(Int64(index)), "person": .string(upload.person), "sessionId": .string(upload.batch.sessionId),
            "windowId": .string(upload.batch.windowId), "pageId": .string(upload.batch.pageId), "sequence": .integer(Int64(upload.batch.sequence)),
            "eventCount": .integer(Int64(upload.batch.events.count)), "byteSize": .integer(Int64(upload.byteSize)), "sendAt": .integer(upload.sendAt),
            "outcome": .string(upload.outcome.rawValue), "isRecoveredLeftover": .bool(upload.isRecoveredLeftover),
            "attempts": .array(upload.attempts.map { attempt in
                object(["at": .integer(attempt.at), "status": .integer(Int64(attempt.status)), "completedAt": .integer(attempt.completedAt), "transport": .string(attempt.transport)])
            }),
            "recoveredFrom": upload.recoveredFrom.map { .integer(Int64($0)) } ?? .null,
            "recoveredBy": upload.recoveredBy.map { .integer(Int64($0)) } ?? .null,
            "collectorCookie": upload.collectorCookie.map(JSONValue.string) ?? .null,
        ])
    }

    /// Each distinct planted value once, with whether it may appear in stored data at all.
    private func canaryValues() -> [JSONValue] {
        CanaryValue.distinct(simulation.canaries).map {
            ["value": .string($0.value), "kind": .string($0.kind.rawValue), "mustNotAppear": .bool($0.mustNotAppear)]
        }
    }

    /// Pairs of visits by one person: shared session, shared anything, or unlinkable.
    private func relations() -> [JSONValue] {
        var result: [JSONValue] = []
        let visits = facts.visits
        let cookies = visits.map { cookie(for: $0.pageId) }
        for a in visits.indices {
            for b in visits.indices where b > a && visits[a].person == visits[b].person && visits[a].url != visits[b].url {
                let first = visits[a], second = visits[b]
                let sameSession = !Set(first.sessionIds).isDisjoint(with: second.sessionIds)
                let shared = sameSession || first.deviceId == second.deviceId || first.windowId == second.windowId
                let sameSite = first.site == second.site
                let cookieA = cookies[a], cookieB = cookies[b]
                let linkedByCollector = cookieA != nil && cookieA == cookieB
                let relation = sameSession ? "same-session" : (shared ? "same-device" : (sameSite ? "same-site" : "unlinkable"))
                result.append(object([
                    "person": .string(first.person), "a": .string(first.url), "b": .string(second.url),
                    "aPageId": .string(first.pageId), "bPageId": .string(second.pageId),
                    "relation": .string(relation), "linkedByThirdPartyCookie": .bool(linkedByCollector),
                ]))
            }
        }
        return result
    }

    /// Every collector cookie the uploads of one page view carried.
    private func collectorCookies(of pageId: String) -> Set<String> {
        Set((uploadsByPage[pageId] ?? []).compactMap { simulation.uploads[$0].collectorCookie })
    }

    private func cookie(for pageId: String) -> String? {
        uploadsByPage[pageId]?.first.flatMap { simulation.uploads[$0].collectorCookie }
    }

    /// The scenario's expectation and whether this run satisfies it.
    private func expectation(_ expectation: Expectation) -> JSONValue {
        switch expectation {
        case .sessionCount(let person, let count):
            let actual = simulation.sessions.filter { $0.person == person }.count
            return ["kind": "sessions", "person": .string(person), "expected": .integer(Int64(count)), "actual": .integer(Int64(actual)), "holds": .bool(actual == count)]
        case .sameSession(let a, let b):
            let holds = visitSessions(a).contains { !Set($0).isDisjoint(with: visitSessions(b).flatMap { $0 }) }
            return ["kind": "same-session", "a": .string(a), "b": .string(b), "holds": .bool(holds)]
        case .unlinkable(let a, let b):
            let first = facts.visits.filter { $0.url == a }, second = facts.visits.filter { $0.url == b }
            // The collector's third-party cookie goes with the uploads: shared (an unpartitioned jar), it links the two sites.
            let holds = !first.isEmpty && !second.isEmpty && first.allSatisfy { x in
                second.allSatisfy { y in
                    Set(x.sessionIds).isDisjoint(with: y.sessionIds) && x.deviceId != y.deviceId && x.windowId != y.windowId
                        && collectorCookies(of: x.pageId).isDisjoint(with: collectorCookies(of: y.pageId))
                }
            }
            return ["kind": "unlinkable", "a": .string(a), "b": .string(b), "holds": .bool(holds)]
        case .noCanaryLeaks:
            let unmasked = simulation.canaries.filter { !$0.mustBeMasked }.count
            return ["kind": "no-canary-leaks", "canaries": .integer(Int64(simulation.canaries.count)), "sentUnmaskedByPolicy": .integer(Int64(unmasked))]
        case .erased(let person):
            return ["kind": "erased", "person": .string(person), "sessions": .integer(Int64(simulation.sessions.filter { $0.person == person }.count))]
        case .notIdentified(let person):
            // Any two page views of the person sharing a session, device or window id or a collector cookie identify them.
            let visits = facts.visits.filter { $0.person == person }
            var holds = true
            for a in visits.indices {
                for b in visits.indices where b > a {
                    let x = visits[a], y = visits[b]
                    if !Set(x.sessionIds).isDisjoint(with: y.sessionIds) || x.deviceId == y.deviceId || x.windowId == y.windowId
                        || !collectorCookies(of: x.pageId).isDisjoint(with: collectorCookies(of: y.pageId)) { holds = false }
                }
            }
            return ["kind": "not-identified", "person": .string(person), "visits": .integer(Int64(visits.count)), "holds": .bool(holds)]
        case .masked(let selector):
            return ["kind": "masked", "selector": .string(selector), "typedValues": .integer(Int64(simulation.typedValues.filter { $0.target == selector }.count))]
        }
    }

    private func visitSessions(_ url: String) -> [[String]] {
        facts.visits.filter { $0.url == url }.map(\.sessionIds)
    }
}
