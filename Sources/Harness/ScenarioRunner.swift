import Checks
import Foundation
import Goldens
import Ingest
import Reports
import ScenarioLanguage
import SessionModel
import Simulation

/// Runs one scenario end to end: simulate, send, read back, reconstruct, and check.
///
/// Checks, each reported as a `ScenarioFailure`: delivery accounting (lost,
/// duplicated, reordered, leftovers not recovered, sessions split or merged),
/// golden comparison of the replayed timeline and page DOMs, planted canaries
/// in stored data, the scenario's own expectations (session counts, same
/// session, unlinkable visits), the server-side masking the target's redaction
/// profile claims and, where the endpoint supports it, erasure.
///
/// ```swift
/// let result = await ScenarioRunner(target: .reference(server), goldens: store).run(file: "Scenarios/checkout.scenario")
/// print(result.passed, result.failures)
/// ```
public struct ScenarioRunner: Sendable {
    public var target: IngestTarget
    public var goldens: GoldenStore
    /// Replaces every scenario's own seed when set.
    public var seed: UInt64?
    /// Erase each person after the checks and verify nothing of them can be read back (where the target can erase).
    public var checksErasure: Bool
    /// Appended to every id sent (see `Simulation.namespaced`), for endpoints that keep earlier runs' data.
    public var idSuffix: String
    /// The simulated browser's settings, such as how its cookie jar treats third-party cookies.
    public var simulatorOptions = SimulatorOptions()

    public init(target: IngestTarget, goldens: GoldenStore, seed: UInt64? = nil, checksErasure: Bool = true, idSuffix: String = "") {
        self.target = target
        self.goldens = goldens
        self.seed = seed
        self.checksErasure = checksErasure
        self.idSuffix = idSuffix
    }

    /// Reads, parses and runs the scenario in `file`.
    public func run(file: String) async -> ScenarioResult {
        let slug = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var result = ScenarioResult(name: slug, slug: slug, file: file)
        let data: [UInt8]
        do throws(FileFailure) {
            data = try InputFile.read(file, limit: InputFile.textLimit, what: "a scenario")
        } catch {
            result.failures.append(ScenarioFailure(.invalidScenario, "cannot read \(file): \(error.reason)"))
            return result
        }
        let text: String
        switch ScenarioSource.text(from: data, file: file) {
        case .success(let decoded): text = decoded
        case .failure(let diagnostics):
            result.failures.append(ScenarioFailure(.invalidScenario, DiagnosticRenderer.render(diagnostics.diagnostics)))
            return result
        }
        let parsed = ScenarioParser.parse(text, file: file)
        guard let scenario = parsed.scenario else {
            let rendered = DiagnosticRenderer.render(parsed.diagnostics)
            result.failures.append(ScenarioFailure(.invalidScenario, rendered))
            return result
        }
        return await run(scenario, slug: slug, file: file)
    }

    /// Runs a scenario value; `slug` names its golden folder.
    public func run(_ scenario: Scenario, slug: String, file: String = "") async -> ScenarioResult {
        var evidence: PrivacyEvidence?
        return await run(scenario, slug: slug, file: file, evidence: &evidence)
    }

    /// Runs a scenario value and keeps what a privacy review needs (nil when it did not get as far as reading back).
    func run(_ scenario: Scenario, slug: String, file: String, evidence: inout PrivacyEvidence?) async -> ScenarioResult {
        let started = Date()
        var result = await check(scenario, slug: slug, file: file, evidence: &evidence)
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    private func check(_ scenario: Scenario, slug: String, file: String, evidence: inout PrivacyEvidence?) async -> ScenarioResult {
        var result = ScenarioResult(name: scenario.name, slug: slug, file: file)
        let simulation: Simulation
        do {
            simulation = try Simulator(scenario: scenario, seed: seed, options: simulatorOptions).run().namespaced(idSuffix)
        } catch {
            result.failures.append(ScenarioFailure(.simulation, error.description))
            return result
        }
        let plan = UploadPlan(simulation)
        result.sessions = simulation.sessions.count
        result.batchesSent = plan.batches.count
        result.eventsSent = plan.batches.reduce(0) { $0 + $1.events.count }
        result.eventsNote = UploadPlan.eventsNote(simulation, sent: result.eventsSent)

        let erasures = target.eraser == nil ? [] : plan.erasures(simulation)
        if target.eraser == nil {
            for request in simulation.erasures {
                result.failures.append(ScenarioFailure(.nothingChecked, "erase \"\(request.person)\" at \(request.location): not supported: the target offers no way to erase a person, so nothing was erased"))
            }
        }
        let outcome: DeliveryOutcome
        do {
            outcome = try await IngestRun.deliver(plan.batches, to: target, leftovers: plan.leftovers, seed: simulation.seed, clientIPs: plan.clientIPs, erasures: erasures)
        } catch {
            result.failures.append(ScenarioFailure(.endpoint, "\(error)"))
            return result
        }
        result.batchesStored = outcome.storedBack.count
        result.endpointStoppedAnswering = outcome.endpointStoppedAnswering
        let unacknowledged = outcome.sends.filter { $0.reports.first?.acknowledged == false }
        if let first = unacknowledged.first, let report = first.reports.first {
            result.endpointVerdict = EndpointVerdict.paragraph(for: report, batch: first.key, batches: unacknowledged.count)
        }
        for send in outcome.sends {
            guard let report = send.reports.first, !report.acknowledged, let last = report.attempts.last else { continue }
            if let refusal = report.bodyRefusal {
                result.failures.append(ScenarioFailure(.endpoint, "\(send.key) was not acknowledged: \(last.status.map { "it answered \($0) but " } ?? "")\(refusal)"))
                continue
            }
            let body = ControlCharacters.excerpt(report.responseBody)
            var message = "\(send.key) was not acknowledged: the last of \(quantity(report.attempts.count, "attempt")) \(last.status == nil ? "failed: " : "")\(last.words)"
            if last.status != nil, !body.isEmpty { message += ": " + body }
            if let deadline = report.stoppedByDeadline { message += "; the run's deadline (\(Int(deadline)) s, --deadline) stopped further attempts" }
            result.failures.append(ScenarioFailure(.endpoint, message))
        }
        for erasure in outcome.erasures {
            if let failure = erasure.failure { result.failures.append(ScenarioFailure(.erasure, "erase \"\(erasure.erasure.person)\" at \(erasure.erasure.step): \(failure)")) }
        }
        if outcome.unsent > 0 {
            result.failures.append(ScenarioFailure(.endpoint, "the endpoint stopped answering, so the scenario's other \(quantity(outcome.unsent, "batch", plural: "batches")) were not sent"))
        }
        if let failure = outcome.readBackFailure {
            result.failures.append(ScenarioFailure(.endpoint, "read-back failed: \(ControlCharacters.escaped(failure)); the checks that need stored data (delivery, golden, canary, linkage, sessions, redaction, erasure) did not run"))
            result.endpointVerdict = result.endpointVerdict ?? EndpointVerdict.readBackParagraph(scenario: slug, failure: ControlCharacters.escaped(failure))
            return result
        }
        for finding in outcome.findings {
            result.failures.append(ScenarioFailure(.delivery, finding.description))
        }

        let order = simulation.sessions.map(\.sessionId)
        let stored = StoredSession.group(outcome.storedBack, order: order)
        let artifacts = ReplayArtifacts.make(stored, deviceIds: simulation.sessions.map(\.deviceId))
        let undelivered = result.failures.contains { $0.kind == .delivery || $0.kind == .endpoint }
        for artifact in artifacts {
            if let failure = goldens.check(scenario: slug, artifact: artifact.name, actual: artifact.bytes,
                                           unrecordable: undelivered ? "the scenario's delivery failed" : nil) {
                result.failures.append(ScenarioFailure(.golden, failure.message))
            }
        }

        var recordedRun = simulation.recordedRun
        recordedRun.pages = scenario.pages.map { ($0.url, $0.html) }
        let privacyFindings = PrivacyChecks.findings(expectations: scenario.expectations, run: recordedRun, stored: outcome.storedBack)
        for finding in privacyFindings {
            result.failures.append(ScenarioFailure(finding))
        }
        evidence = PrivacyEvidence(scenario: scenario, simulation: simulation, stored: outcome.storedBack, findings: privacyFindings, redaction: target.redaction)
        if let profile = target.redaction, !outcome.storedBack.isEmpty {
            for finding in RedactionCheck.findings(profile: profile, stored: outcome.storedBack) { result.failures.append(ScenarioFailure(.redaction, finding)) }
        }
        evidence?.stepErasures = outcome.erasures
        for expectation in scenario.expectations {
            guard case .erased(let person) = expectation else { continue }
            let started = Date()
            let findings: [PrivacyChecks.Finding]
            if let erasure = outcome.erasures.last(where: { $0.erasure.person == person }) {
                findings = erasedBefore(erasure, plan: plan, simulation: simulation, stored: outcome.storedBack)
            } else if simulation.erasures.contains(where: { $0.person == person }) {
                findings = [PrivacyChecks.Finding(kind: .nothingChecked, message: "expect erased \(person): not supported: the target offers no way to erase a person")]
            } else {
                findings = await personErasure(person, simulation: simulation, sent: plan.batches, stored: outcome.storedBack)
            }
            result.failures += findings.map(ScenarioFailure.init)
            evidence?.findings += findings
            evidence?.personErasureSeconds[person] = Date().timeIntervalSince(started)
        }
        if checksErasure, let eraser = target.eraser {
            if outcome.storedBack.isEmpty {
                result.failures.append(ScenarioFailure(.nothingChecked, "erasure: read back 0 batches before erasing, so nothing could be shown erased"))
            } else {
                let erasureStarted = Date()
                let failures = await erasureFailures(simulation, eraser: eraser, sent: plan.batches)
                result.failures += failures
                let visitors = Set(simulation.sessions.map(\.deviceId)).count
                evidence?.erasure = (failures.map(\.message), visitors, simulation.sessions.count, Date().timeIntervalSince(erasureStarted))
            }
        }
        return result
    }

    /// `expect erased PERSON` after an `erase` step: what the person sent before it is gone, in batches and in values.
    private func erasedBefore(_ outcome: MidRunErasure.Outcome, plan: UploadPlan, simulation: Simulation, stored: [UploadBatch]) -> [PrivacyChecks.Finding] {
        let person = outcome.erasure.person, step = outcome.erasure.step
        if let failure = outcome.failure {
            return [PrivacyChecks.Finding(kind: .erasure, message: "expect erased \(person): the erasure at \(step) did not happen: \(failure)")]
        }
        guard let request = simulation.erasures.last(where: { $0.person == person }) else { return [] }
        let cut = outcome.erasure.afterBatches
        let theirs = zip(plan.batches, plan.senders).filter { $0.1.person == person }
        let before = theirs.filter { $0.1.sendAt <= request.at }.map(\.0), after = theirs.filter { $0.1.sendAt > request.at }.map(\.0)
        // A value that also went out after the erasure may rightly be stored again.
        let laterValues = Set(simulation.canaries.filter { $0.plantedAt > request.at }.map(\.value))
            .union(after.flatMap { [$0.sessionId, $0.distinctId] + ($0.userId.map { [$0] } ?? []) })
        var values: [CanaryScan.Canary] = []
        for canary in simulation.canaries where canary.person == person && canary.plantedAt <= request.at && !laterValues.contains(canary.value) {
            if !values.contains(where: { $0.value == canary.value }) { values.append(CanaryScan.Canary(canary.value, kind: canary.kind.rawValue)) }
        }
        for id in before.flatMap({ [$0.sessionId, $0.distinctId] + ($0.userId.map { [$0] } ?? []) }) where !laterValues.contains(id) && !values.contains(where: { $0.value == id }) {
            values.append(CanaryScan.Canary(id, kind: "identifier"))
        }
        guard cut > 0, !before.isEmpty else {
            return [PrivacyChecks.Finding(kind: .nothingChecked, message: "expect erased \(person): nothing of theirs was sent before the erasure at \(step), so nothing could be shown erased")]
        }
        return ErasureCheck.erasedBefore(person, step: step, erased: outcome.erased, values: values, stored: stored)
    }

    /// `expect erased PERSON`: erases that person's visitors and shows nothing of theirs can be read back.
    private func personErasure(_ person: String, simulation: Simulation, sent: [UploadBatch], stored: [UploadBatch]) async -> [PrivacyChecks.Finding] {
        guard let eraser = target.eraser else {
            return [PrivacyChecks.Finding(kind: .nothingChecked, message: "expect erased \(person): not supported: the target offers no way to erase a person")]
        }
        guard !stored.isEmpty else {
            return [PrivacyChecks.Finding(kind: .nothingChecked, message: "expect erased \(person): read back 0 batches before erasing, so nothing could be shown erased")]
        }
        let theirs = simulation.sessions.filter { $0.person == person }
        var visitors: [String] = []
        for session in theirs where !visitors.contains(session.deviceId) { visitors.append(session.deviceId) }
        let userIds = theirs.compactMap(\.userId)
        let planted = simulation.canaries.filter { $0.person == person }.map { CanaryScan.Canary($0.value, kind: $0.kind.rawValue) }
        let identifiers = (theirs.map(\.sessionId) + visitors + userIds).map { CanaryScan.Canary($0, kind: "identifier") }
        func origins(_ keep: (UploadBatch) -> Bool) -> [String] {
            var origins: [String] = []
            for batch in sent where keep(batch) && !origins.contains(batch.origin) { origins.append(batch.origin) }
            return origins
        }
        let readBack = target.readBack
        return await ErasureCheck.personErased(
            person, visitors: visitors, theirSessions: theirs.map(\.sessionId),
            otherSessions: simulation.sessions.filter { $0.person != person }.map(\.sessionId), values: planted + identifiers,
            erase: { visitor in try await eraser.erase(visitor: visitor, origins: origins { $0.distinctId == visitor }) },
            readBack: { session in try await readBack.batches(session: session, origins: origins { $0.sessionId == session }) })
    }

    /// Erases every visitor of the scenario and reports sessions that can still be read back.
    private func erasureFailures(_ simulation: Simulation, eraser: any Eraser, sent: [UploadBatch]) async -> [ScenarioFailure] {
        func origins(_ keep: (UploadBatch) -> Bool) -> [String] {
            var origins: [String] = []
            for batch in sent where keep(batch) && !origins.contains(batch.origin) { origins.append(batch.origin) }
            return origins
        }
        let readBack = target.readBack
        var visitors: [String] = []
        for session in simulation.sessions where !visitors.contains(session.deviceId) { visitors.append(session.deviceId) }
        do {
            for visitor in visitors {
                if let failure = try await eraser.erase(visitor: visitor, origins: origins { $0.distinctId == visitor }) {
                    return [ScenarioFailure(.erasure, failure)]
                }
            }
            let remaining = try await ErasureCheck.leftovers(sessions: simulation.sessions.map(\.sessionId), readBack: { session in
                try await readBack.batches(session: session, origins: origins { $0.sessionId == session })
            })
            return remaining.map { ScenarioFailure(.erasure, $0) }
        } catch {
            return [ScenarioFailure(.erasure, "erasure could not be checked: \(error)")]
        }
    }
}

extension ScenarioFailure {
    /// A broken privacy promise as a scenario failure of the matching kind.
    init(_ finding: PrivacyChecks.Finding) {
        switch finding.kind {
        case .canaryLeak: self.init(.canaryLeak, finding.message)
        case .linkage: self.init(.linkage, finding.message)
        case .sessions: self.init(.sessions, finding.message)
        case .nothingChecked: self.init(.nothingChecked, finding.message)
        case .invalid: self.init(.invalid, finding.message)
        case .erasure: self.init(.erasure, finding.message)
        }
    }
}
