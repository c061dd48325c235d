import Goldens
import Foundation
import Harness
import Ingest
import IngestServer
import Reports
import SessionModel

/// `session-harness run`: the main job. Simulate scenarios, send them to an endpoint, read back, replay and check.
enum RunCommand: Command {
    static let name = "run"
    static let summary = "Simulate scenarios, send them to an ingest endpoint, read back and check (the main job)"
    static let usage = "Usage: session-harness run [SCENARIO|DIR...] [--endpoint URL --adapter NAME [--setting KEY=VALUE]...] [options]"
    static let help = """
        \(usage)

        For each scenario: simulate the sessions, send the uploads in the adapter's wire
        format, read back what the endpoint stored, reconstruct it, and check it:
          delivery     nothing lost, duplicated or reordered; leftovers kept at an unload
                       recovered on the next visit; sessions neither split nor merged
          golden       the replayed timeline and page DOMs equal golden/<scenario>/
          canary-leak  no planted value that policy masks appears in stored data
          linkage      visits the scenario calls unlinkable share no stored identifier
          sessions     same-session visits share one id; session counts as expected
          erasure      after erasing each visitor nothing can be read back (reference server)

        With no endpoint, an embedded reference server is started on 127.0.0.1 with a
        temporary data folder. With no SCENARIO, every *.scenario under Scenarios/ runs.

        Endpoint:
          --endpoint URL          Base URL of the ingest endpoint.
          --adapter NAME          Wire format: reference, posthog, sentry, django-rrweb, generic.
          --setting KEY=VALUE     Adapter setting (repeatable): token, read-token, dsn,
                                  bugsink-token, database, read-back, config.
          --config FILE           A generic adapter configuration (implies --adapter generic).
          --fault NAME[=RATE]     Make the embedded server misbehave (repeatable): drop,
                                  duplicate, reorder, delay, 5xx, 429, lose-ack, leak, link,
                                  ignore-erasure. Proves each check catches what it guards.
          --timeout SECONDS       How long one request may take before the SDK gives up on
                                  it and retries (default: 10, as browser SDKs do).

        Checks and reports:
          --golden DIR            The golden folder (default: golden).
          --record MODE           Golden record mode: never, missing, failed, all (default:
                                  GOLDEN_RECORD, else missing; under CI always never).
                                  Writing a golden fails the run.
          --seed N                Use this seed instead of each scenario's own.
          --namespace TAG         Append -TAG to every session, window, page and visitor id
                                  sent, for endpoints that keep earlier runs' data.
          --json FILE             Write the results as JSON.
          --junit FILE            Write JUnit XML, one testcase per scenario.
          -h, --help              Show this help.

        Exit status: 0 when every scenario passes, 1 when any fails, 64 for a usage error.
        """

    static let knownOptions = ["--endpoint", "--adapter", "--setting", "--config", "--fault", "--timeout", "--golden", "--record", "--seed", "--namespace", "--json", "--junit", "--help"]

    static func run(_ arguments: [String], console: Console) async -> ExitStatus {
        var scanner = ArgumentScanner(arguments)
        let options: Options
        do {
            options = try Options(&scanner)
        } catch {
            console.printError("error: \(error.message)\n\(usage)")
            return .usage
        }

        var files: [String] = []
        for path in options.paths {
            guard let found = LintCommand.scenarioFiles(at: path) else {
                console.printError("error: no such file or folder: \(path)")
                return .usage
            }
            files += found
        }
        guard !files.isEmpty else {
            console.printError("error: no .scenario files in \(options.paths.joined(separator: ", "))")
            return .usage
        }

        let goldens: GoldenStore
        do {
            goldens = try GoldenStore(root: URL(fileURLWithPath: options.goldenFolder), environment: ProcessInfo.processInfo.environment, recordFlag: options.recordMode)
        } catch {
            console.printError("error: \(error)")
            return .usage
        }

        var embedded: (server: ReferenceServer, folder: URL)?
        var target: IngestTarget
        do {
            if let endpoint = options.endpoint {
                target = try IngestTarget.named(options.adapter, endpoint: endpoint, settings: options.settings)
            } else {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("session-harness-run-\(UUID().uuidString)")
                let server = try ReferenceServer.start(ReferenceServer.Configuration(dataDirectory: folder.path, faults: options.faults))
                embedded = (server, folder)
                target = .reference(server)
                let faults = options.faults.isEmpty ? "" : " with faults " + options.faultWords.joined(separator: ", ")
                console.print("embedded reference server on \(server.baseURL.absoluteString)\(faults)")
            }
        } catch {
            console.printError("error: \(error)")
            return .usage
        }
        target.requestTimeoutSeconds = options.timeoutSeconds
        defer {
            if let embedded {
                embedded.server.stop()
                try? FileManager.default.removeItem(at: embedded.folder)
            }
        }

        let runner = ScenarioRunner(target: target, goldens: goldens, seed: options.seed, idSuffix: options.namespace)
        var results: [ScenarioResult] = []
        for (offset, file) in files.enumerated() {
            let result = await runner.run(file: file)
            results.append(result)
            console.print(RunReport.progressLine(result, position: offset + 1, of: files.count))
            for failure in result.failures { console.print(RunReport.indent(failure.description)) }
        }
        console.print("")
        console.print(RunReport.table(results))
        let ranSlugs = Set(results.map(\.slug))
        let unused = goldens.unusedGoldens().filter { path in ranSlugs.contains(String(path.prefix { $0 != "/" })) }
        if !unused.isEmpty {
            console.print("\n\(unused.count) golden file\(unused.count == 1 ? " was" : "s were") not produced by their scenario:")
            for path in unused { console.print("  \(options.goldenFolder)/\(path)") }
        }

        do {
            if let json = options.jsonFile {
                try Data(JSONWriter.canonicalBytes(RunReport.json(results), style: .pretty)).write(to: URL(fileURLWithPath: json))
            }
            if let junit = options.junitFile {
                try Data(RunReport.junit(results).xml().utf8).write(to: URL(fileURLWithPath: junit))
            }
        } catch {
            console.printError("error: cannot write the report: \(error.localizedDescription)")
            return .failure
        }
        return results.allSatisfy(\.passed) ? .success : .failure
    }

    /// The parsed command line.
    struct Options {
        var paths: [String]
        var endpoint: URL?
        var adapter: String
        var settings: [String: String]
        var faults: [FaultMode]
        var faultWords: [String]
        var goldenFolder: String
        var recordMode: String?
        var seed: UInt64?
        var timeoutSeconds = 10.0
        var namespace = ""
        var jsonFile: String?
        var junitFile: String?

        init(_ scanner: inout ArgumentScanner) throws(UsageError) {
            let endpointText = try scanner.option("--endpoint")
            let adapterName = try scanner.option("--adapter")
            let config = try scanner.option("--config")
            settings = [:]
            for setting in try scanner.options("--setting") {
                guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                    throw UsageError("--setting takes KEY=VALUE, not '\(setting)'")
                }
                settings[String(setting[..<equals])] = String(setting[setting.index(after: equals)...])
            }
            if let config { settings["config"] = config }
            adapter = adapterName ?? (config != nil ? "generic" : "reference")
            if let endpointText {
                guard let url = URL(string: endpointText), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                    throw UsageError("--endpoint takes an http or https URL, not '\(endpointText)'")
                }
                endpoint = url
            } else if adapterName != nil || config != nil {
                throw UsageError("--adapter and --config need --endpoint; without an endpoint the embedded reference server is used")
            }
            faultWords = try scanner.options("--fault")
            faults = []
            for word in faultWords {
                switch FaultMode.parse(word) {
                case .success(let fault): faults.append(fault)
                case .failure(let error): throw UsageError("\(error)")
                }
            }
            if !faults.isEmpty, endpoint != nil { throw UsageError("--fault applies to the embedded server only; drop --endpoint to use it") }
            goldenFolder = try scanner.option("--golden") ?? "golden"
            recordMode = try scanner.option("--record")
            if let text = try scanner.option("--seed") {
                guard let value = UInt64(text) else { throw UsageError("--seed takes a whole number from 0 to \(UInt64.max), not '\(text)'") }
                seed = value
            }
            if let text = try scanner.option("--timeout") {
                guard let value = Double(text), value > 0, value <= 600 else { throw UsageError("--timeout takes seconds from 0 to 600, not '\(text)'") }
                timeoutSeconds = value
            }
            if let tag = try scanner.option("--namespace") {
                guard (1...32).contains(tag.count), tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                    throw UsageError("--namespace takes 1 to 32 letters, digits, '_' or '-', not '\(tag)'")
                }
                namespace = tag
            }
            jsonFile = try scanner.option("--json")
            junitFile = try scanner.option("--junit")
            let words = try scanner.positionalArguments(knownOptions: RunCommand.knownOptions)
            paths = words.isEmpty ? ["Scenarios"] : words
        }
    }
}
