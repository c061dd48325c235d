import Foundation
import Goldens
import Harness
import Ingest
import Reports
import SessionModel

/// `session-harness privacy`: a privacy review of scenarios against an endpoint, as words, JSON and an HTML page.
enum PrivacyCommand: Command {
    static let name = "privacy"
    static let summary = "Review privacy promises: leaks in any encoding, linkage, erasure"
    static let positionals = "[SCENARIO|DIR...]"
    static let options: [OptionDeclaration] = RunCommand.options.filter { ["--endpoint", "--adapter", "--setting", "--config", "--fault", "--timeout", "--deadline"].contains($0.name) }
        + [
            .value("--seed", "N", help: "Use this seed instead of each scenario's own.", section: "Reports"),
            .value("--namespace", "TAG", help: "Append -TAG to every id sent, for endpoints that keep earlier runs' data.", section: "Reports"),
            .report("--json", help: "Write the review as JSON ('-': standard output, and the summary goes to standard error).", section: "Reports"),
            .report("--html", help: "Write the review as one self-contained HTML page.", section: "Reports"),
        ]
    static let about = """
        Runs each scenario as `run` does (simulate, send, read back) and reports its
        privacy promises: the masking policy and endpoint redaction in force; every
        planted value found, with its capture path, place, JSON path, decodings and the
        stored bytes around it; the identifiers of each site visited (a matrix of sites
        x identifiers, links marked); the same-site control, session promises and
        erasure with the time it took. Goldens are not compared.
        """
    static let epilogue = """
        Exit status: 0 when every promise holds, 1 on any leak, link, invalid control or
        failed erasure, or when a report cannot be written, 64 for a usage error, 69 when
        the endpoint refuses connections or the embedded server cannot start.
        """

    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus {
        let options = try RunCommand.Options(arguments)
        let htmlFile = arguments.value("--html")
        let say = options.jsonFile == "-" ? console.printError : console.print
        var files: [String] = []
        for path in options.paths { files += try LintCommand.scenarioFiles(at: path) }
        guard !files.isEmpty else { throw .usage("no .scenario files in \(options.paths.joined(separator: ", "))") }

        let (target, embedded) = try RunCommand.makeTarget(options, say: say)
        defer { embedded?.stop() }
        let goldens: GoldenStore
        do {
            goldens = try GoldenStore(root: URL(fileURLWithPath: "golden"), environment: [:], recordFlag: "never")
        } catch {
            throw .usage(error.message)
        }
        let runner = ScenarioRunner(target: target, goldens: goldens, seed: options.seed, idSuffix: options.namespace)
        var reports: [PrivacyReport] = []
        var broken = false
        let limits = RequestLimits(timeoutSeconds: options.timeoutSeconds, deadlineSeconds: options.deadlineSeconds)
        for file in files {
            let (result, report) = await RequestLimits.$current.withValue(limits) { await runner.review(file: file) }
            guard let report else {
                broken = true
                say("ERROR \(result.slug): not reviewed")
                for failure in result.failures { say(RunReport.indent(failure.description)) }
                continue
            }
            reports.append(report)
            let held = report.checks.filter { $0.outcome == .pass }.count
            let unchecked = report.checks.filter { $0.outcome == .notChecked }.count
            say("\(report.passed ? "PASS" : "FAIL") \(result.slug)  \(quantity(report.leaks.count, "leak")), \(quantity(report.sites.count, "site")), "
                + "\(held) of \(quantity(report.checks.count, "promise")) held" + (unchecked > 0 ? ", \(unchecked) not checked" : ""))
            for check in report.checks where check.outcome != .pass {
                say(RunReport.indent("\(check.name): \(check.outcome.rawValue): \(check.detail)"))
            }
            for leak in report.leaks {
                let chain = leak.decodings.isEmpty ? "as planted" : leak.decodings.joined(separator: " → ")
                say(RunReport.indent("leak: \(leak.kind) '\(leak.canary)' via \(leak.capturePath) in \(leak.place) at byte \(leak.byteOffset)"
                    + (leak.jsonPath.map { " (\($0))" } ?? "") + ", \(chain)"))
            }
        }
        if let json = options.jsonFile {
            try console.writeReport(JSONWriter.canonicalBytes(.array(reports.map(\.json)), style: .pretty), to: json, option: "--json")
        }
        if let htmlFile {
            try console.writeReport(Array(PrivacyReportPage.html(reports).utf8), to: htmlFile, option: "--html")
        }
        return !broken && reports.allSatisfy(\.passed) ? .success : .failure
    }
}
