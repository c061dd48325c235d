import Checks
import Foundation
import Ingest
import Reports
import ScenarioLanguage
import SessionModel
import Simulation

/// What one run of a scenario showed about its privacy promises, kept for the `privacy` report.
struct PrivacyEvidence {
    var scenario: Scenario
    var simulation: Simulation
    var stored: [UploadBatch]
    var findings: [PrivacyChecks.Finding]
    var redaction: RedactionProfile?
    /// Erasure failures and how long erasing and checking took; nil when erasure was not checked.
    var erasure: (failures: [String], seconds: Double)?
    /// How long `expect erased PERSON` took to erase and check, by person.
    var personErasureSeconds: [String: Double] = [:]

    /// The report a reviewer reads.
    var report: PrivacyReport {
        let run = simulation.recordedRun
        let leaks = findings.compactMap { finding -> PrivacyReport.Leak? in
            guard let leak = finding.leak else { return nil }
            return PrivacyReport.Leak(canary: leak.canary, kind: leak.kind, capturePath: leak.capturePath.rawValue, place: leak.place, jsonPath: leak.jsonPath,
                                      byteOffset: leak.byteOffset, decodings: leak.decodings,
                                      plantedIn: run.canaries.first { $0.value == leak.canary }?.places ?? [],
                                      context: (leak.excerpt.before, leak.excerpt.match, leak.excerpt.after))
        }
        var report = PrivacyReport(scenario: scenario.name, policy: policy, leaks: leaks, sites: sites, identifiers: identifierRows(run), checks: checks(run),
                                   erasureSeconds: erasure?.seconds)
        report.leads = PIIDetector.findings(in: stored, planted: run.canaries.map(\.value)).map(\.description)
        return report
    }

    /// The scenario's masking block and the endpoint's own redaction, in words.
    var policy: [String] {
        let printed = ScenarioPrinter.print(Scenario(name: "policy", masking: scenario.masking)).split(separator: "\n").map(String.init)
        var lines = Array(printed.drop { !$0.hasPrefix("masking") }.prefix { $0.hasPrefix("masking") || $0.hasPrefix("  ") })
        if lines.isEmpty { lines = ["masking: the SDK's defaults"] }
        lines.append(redaction.map { "endpoint redaction: \($0.summary)" } ?? "endpoint redaction: unknown (the target declares none)")
        return lines
    }

    /// Registrable domains of the pages visited, in visiting order.
    var sites: [String] {
        var sites: [String] = []
        for session in simulation.sessions {
            for window in session.windows {
                for page in window.pages {
                    if let site = RegistrableDomain.ofURL(page.url), !sites.contains(site) { sites.append(site) }
                }
            }
        }
        return sites
    }

    /// Every identifier stored or sent for each site; values seen on several sites first.
    func identifierRows(_ run: RecordedRun) -> [PrivacyReport.IdentifierRow] {
        let sites = self.sites
        var rows: [PrivacyReport.IdentifierRow] = []
        for (index, site) in sites.enumerated() {
            let batches = stored.filter { run.pageURLs[$0.pageId].flatMap(RegistrableDomain.ofURL) == site }
            let wire = batches.flatMap { run.wireIdentifiers[$0.pageId] ?? [] }
            for identifier in LinkageCheck.identifiers(of: batches) + wire {
                if let row = rows.firstIndex(where: { $0.value == identifier.value }) {
                    rows[row].seenOn[index] = true
                } else {
                    var seen = [Bool](repeating: false, count: sites.count)
                    seen[index] = true
                    rows.append(PrivacyReport.IdentifierRow(field: identifier.field, value: identifier.value, seenOn: seen))
                }
            }
        }
        return rows.filter(\.links) + rows.filter { !$0.links }
    }

    /// Each promise and its outcome, from the findings.
    func checks(_ run: RecordedRun) -> [PrivacyReport.Check] {
        var checks: [PrivacyReport.Check] = []
        let leaks = findings.filter { $0.kind == .canaryLeak && !$0.message.hasPrefix("expect masked") }
        let strict = scenario.expectations.contains(.noCanaryLeaks)
        let scanned = run.canaries.filter { $0.mustNotAppear || (strict && !$0.storedByDesign) }.count
        let unscanned = findings.first { $0.kind == .nothingChecked && $0.message.hasPrefix("canary scan") }
        let nothingPlanted = scanned == 0 && leaks.isEmpty
        checks.append(PrivacyReport.Check(name: strict ? "no-canary-leaks" : "masked canaries stay masked",
                                          outcome: unscanned != nil || nothingPlanted ? .notChecked : leaks.isEmpty ? .pass : .fail,
                                          detail: unscanned?.message ?? (nothingPlanted ? "the scenario plants no value that policy must mask, so there was nothing to look for"
                                              : leaks.isEmpty ? "none of \(quantity(scanned, "planted value")) found"
                                              : "\(quantity(Set(leaks.compactMap { $0.leak?.canary }).count, "planted value")) found in \(quantity(leaks.count, "place"))")))
        for expectation in scenario.expectations {
            let name: String, prefixes: [String]
            switch expectation {
            case .unlinkable(let a, let b):
                name = "unlinkable \(a) \(b)"
                prefixes = ["expect unlinkable \(a) \(b)", "visits to \(RegistrableDomain.ofURL(a) ?? a) and \(RegistrableDomain.ofURL(b) ?? b)"]
            case .sameSession(let a, let b):
                name = "same-session \(a) \(b)"
                prefixes = ["visits to \(a) and \(b)"]
            case .sessionCount(let person, let count):
                name = "sessions \(person) \(count)"
                prefixes = ["\(person)'s visits"]
            case .erased(let person):
                name = "erased \(person)"
                prefixes = ["expect erased \(person)"]
            case .masked(let selector):
                name = "masked \(selector)"
                prefixes = ["expect masked \(selector)"]
            case .noCanaryLeaks:
                continue
            }
            let matching = findings.filter { finding in prefixes.contains { finding.message.hasPrefix($0) } }
            let outcome: PrivacyReport.Check.Outcome = matching.contains { $0.kind == .invalid } ? .invalid
                : matching.contains { $0.kind == .nothingChecked } ? .notChecked : matching.isEmpty ? .pass : .fail
            var detail = matching.isEmpty ? "holds" : matching.map(\.message).joined(separator: "; ")
            if case .erased(let person) = expectation, let seconds = personErasureSeconds[person] { detail += String(format: " (erased and checked in %.2f s)", seconds) }
            checks.append(PrivacyReport.Check(name: name, outcome: outcome, detail: detail))
        }
        if let erasure {
            checks.append(PrivacyReport.Check(name: "erasure", outcome: erasure.failures.isEmpty ? .pass : .fail,
                                              detail: erasure.failures.isEmpty ? "nothing of any person could be read back after erasure" : erasure.failures.joined(separator: "; ")))
        } else {
            checks.append(PrivacyReport.Check(name: "erasure", outcome: .notChecked, detail: "the target offers no way to erase, or erasure was not asked for"))
        }
        return checks
    }
}

extension ScenarioRunner {
    /// Runs the scenario in `file` and returns its result with the privacy report (nil when it never got as far as reading back).
    public func review(file: String) async -> (result: ScenarioResult, report: PrivacyReport?) {
        let slug = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            return (await run(file: file), nil)
        }
        let parsed = ScenarioParser.parse(text, file: file)
        guard let scenario = parsed.scenario else { return (await run(file: file), nil) }
        var evidence: PrivacyEvidence?
        let result = await run(scenario, slug: slug, file: file, evidence: &evidence)
        return (result, evidence?.report)
    }
}
