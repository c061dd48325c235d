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
    /// The end-of-run erasure of every visitor: its failures, how many visitors were erased and sessions read back, and how long that took; nil when not checked.
    var erasure: (failures: [String], visitors: Int, sessions: Int, seconds: Double)?
    /// How long `expect erased PERSON` took to erase and check, by person.
    var personErasureSeconds: [String: Double] = [:]
    /// The `erase` steps performed during the run.
    var stepErasures: [MidRunErasure.Outcome] = []

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
        let block = Array(printed.drop { !$0.hasPrefix("masking") }.prefix { $0.hasPrefix("masking") || $0.hasPrefix("  ") })
        // One line a reader can take in: `masking: mask-all-inputs; redact-body-field "name"`, not a heading and loose rules.
        var lines = [block.first.map { head in block.count > 1 ? head + ": " + block.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ") : head }
            ?? "masking: the SDK's defaults"]
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
                name = "\(person): \(quantity(count, "session"))"
                prefixes = ["\(person)'s visits"]
            case .notIdentified(let person):
                name = "\(person) not identified across visits"
                prefixes = ["expect not-identified \(person)"]
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
            // The row names the promise already: `expect erased carol: ` before every finding only repeats it.
            let said = prefixes.filter { $0.hasPrefix("expect ") }.map { $0 + ": " }
            var detail = matching.isEmpty ? "holds" : matching.map { finding in
                said.first { finding.message.hasPrefix($0) }.map { String(finding.message.dropFirst($0.count)) } ?? finding.message
            }.joined(separator: "; ")
            if case .erased(let person) = expectation {
                if let step = stepErasures.last(where: { $0.erasure.person == person }) {
                    detail += " (erased at \(step.erasure.step) in \(Self.duration(step.seconds)); nothing sent before it may remain, what came after may)"
                } else if let seconds = personErasureSeconds[person] {
                    detail += " (erased after the run, erased and checked in \(Self.duration(seconds)))"
                }
            }
            checks.append(PrivacyReport.Check(name: name, outcome: outcome, detail: detail))
        }
        for step in stepErasures {
            let erased = "\(quantity(step.erasure.visitors.count, "visitor")) erased after \(quantity(step.erasure.afterBatches, "batch", plural: "batches")) had been sent, in \(Self.duration(step.seconds))"
            // `file:line:column` in messages; the report's row needs only the line.
            let line = step.erasure.step.split(separator: ":").dropLast().last.map { "line \($0)" } ?? step.erasure.step
            checks.append(PrivacyReport.Check(name: "erase \(step.erasure.person) at \(line)", outcome: step.failure == nil ? .pass : .fail,
                                              detail: step.failure.map { "the erasure did not happen: \($0)" } ?? erased))
        }
        if let erasure {
            let measured = "\(quantity(erasure.visitors, "visitor")) erased and \(quantity(erasure.sessions, "session")) read back after the run in \(Self.duration(erasure.seconds))"
            checks.append(PrivacyReport.Check(name: "erasure", outcome: erasure.failures.isEmpty ? .pass : .fail,
                                              detail: erasure.failures.isEmpty ? "nothing of any person could be read back: \(measured)" : erasure.failures.joined(separator: "; ")))
        } else {
            checks.append(PrivacyReport.Check(name: "erasure", outcome: .notChecked, detail: "the target offers no way to erase, or erasure was not asked for"))
        }
        return checks
    }

    /// A measured time in words: milliseconds under a second (a loopback erasure takes a few), else seconds.
    static func duration(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
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
