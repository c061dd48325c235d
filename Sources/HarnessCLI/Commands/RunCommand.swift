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
    static let positionals = "[SCENARIO|DIR...]"
    static let options: [OptionDeclaration] = [
        .value("--endpoint", "URL", help: "Base URL of the ingest endpoint.", section: "Endpoint"),
        .value("--adapter", "NAME", help: "Wire format: reference, posthog, sentry, django-rrweb, generic.", section: "Endpoint"),
        .value("--setting", "KEY=VALUE", help: """
            Adapter setting (repeatable): token, read-token, dsn, bugsink-token, database, read-back, config.
            """, repeatable: true, section: "Endpoint"),
        .value("--config", "FILE", help: "A generic adapter configuration (implies --adapter generic).", section: "Endpoint"),
        .value("--fault", "NAME[=RATE]", help: """
            Make the embedded server misbehave (repeatable): drop, duplicate, reorder, delay, 5xx, 429, \
            lose-ack, leak, link, link-ip, link-token, ignore-erasure. Proves each check catches what it guards.
            """, repeatable: true, section: "Endpoint"),
        .value("--timeout", "SECONDS", help: """
            How long one request may take, from connecting to the answer's last byte, before the SDK gives up on it \
            and retries (default: 10, as browser SDKs do).
            """, section: "Endpoint"),
        .value("--deadline", "SECONDS", help: """
            How long the whole run may take, retries and read-back included (default: 600); when it passes, the run \
            stops with what it has.
            """, section: "Endpoint"),
        .value("--golden", "DIR", help: "The golden folder (default: golden, or golden/targets/NAME when the target configuration names its goldens NAME).", section: "Checks and reports"),
        .value("--record", "MODE", help: """
            Golden record mode: never, missing, failed, all (default: GOLDEN_RECORD, else missing; under CI always never). \
            Writing a golden fails the run.
            """, section: "Checks and reports"),
        .value("--seed", "N", help: "Use this seed instead of each scenario's own.", section: "Checks and reports"),
        .value("--namespace", "TAG", help: """
            Append -TAG to every session, window, page and visitor id sent, for endpoints that keep earlier runs' data.
            """, section: "Checks and reports"),
        .report("--json", help: "Write the results as JSON ('-': standard output, and the progress lines go to standard error).", section: "Checks and reports"),
        .report("--junit", help: "Write JUnit XML, one testcase per scenario ('-': standard output).", section: "Checks and reports"),
    ]
    static let about = """
        For each scenario: simulate the sessions, send the uploads in the adapter's wire
        format, read back what the endpoint stored, reconstruct it, and check it:
          delivery         nothing lost, duplicated or reordered; leftovers kept at an
                           unload recovered on the next visit; sessions neither split nor merged
          golden           the replayed timeline and page DOMs equal golden/<scenario>/
          canary-leak      no planted value that policy masks appears in stored data
          linkage          visits the scenario calls unlinkable share no stored identifier
          sessions         same-session visits share one id; session counts as expected
          redaction        stored data is masked as the target's redaction profile says
          erasure          after erasing each visitor nothing can be read back
          nothing-checked  a check that had nothing read back to look at fails, never passes

        With no endpoint, an embedded reference server is started on 127.0.0.1 with a
        temporary data folder. With no SCENARIO, every *.scenario under Scenarios/ runs.
        """
    static let epilogue = """
        Exit status: 0 when every scenario passes, 1 when any fails or a report cannot
        be written, 64 for a usage error, 69 when the endpoint misbehaves (refuses
        connections, does not answer within --timeout, resets, answers something that
        is not HTTP or not an acknowledgement, redirects, fails every retry, or read-back
        fails; a paragraph at the end says what was sent, what came back and what it
        means) or the embedded server cannot start.
        """

    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus {
        let options = try Options(arguments)
        if options.jsonFile == "-", options.junitFile == "-" {
            throw .usage("--json and --junit cannot both write to standard output")
        }
        // A report on standard output keeps it clean: the progress lines and table go to standard error.
        let say = options.jsonFile == "-" || options.junitFile == "-" ? console.printError : console.print

        var files: [String] = []
        for path in options.paths {
            files += try LintCommand.scenarioFiles(at: path)
        }

        let (target, embedded) = try makeTarget(options, say: say)
        defer { embedded?.stop() }

        // A target that names its goldens is checked against golden/targets/<name>/ unless --golden says otherwise.
        let goldenFolder = options.goldenFolder ?? target.goldenName.map { "golden/targets/" + $0 } ?? "golden"
        let goldens: GoldenStore
        do {
            goldens = try GoldenStore(root: URL(fileURLWithPath: goldenFolder), environment: ProcessInfo.processInfo.environment, recordFlag: options.recordMode)
        } catch {
            throw .usage(error.message)
        }
        let notes = CheckCoverage.notes(for: target, goldenFolder: goldenFolder, goldensChosen: options.goldenFolder != nil || target.goldenName != nil)
        for note in notes { say("note: " + note) }

        let runner = ScenarioRunner(target: target, goldens: goldens, seed: options.seed, idSuffix: options.namespace)
        var observer: (@Sendable (TransportProgress) -> Void)?
        if console.isTerminal {
            observer = { (progress: TransportProgress) -> Void in console.status(progress.words) }
        }
        let limits = RequestLimits(timeoutSeconds: options.timeoutSeconds, deadlineSeconds: options.deadlineSeconds, observer: observer)
        var results: [ScenarioResult] = []
        var notRun = 0
        for (offset, file) in files.enumerated() {
            if let last = results.last, last.endpointStoppedAnswering || limits.remainingSeconds <= 0 {
                notRun = files.count - offset
                break
            }
            let result = await RequestLimits.$current.withValue(limits) { await runner.run(file: file) }
            results.append(result)
            console.status(nil)
            say(RunReport.progressLine(result, position: offset + 1, of: files.count))
            for failure in result.failures { say(RunReport.indent(failure.description)) }
        }
        if notRun > 0 {
            let why = limits.remainingSeconds <= 0 ? "the run's deadline of \(Int(options.deadlineSeconds)) s passed" : "the endpoint stopped answering"
            say("\(why), so the other \(quantity(notRun, "scenario")) \(notRun == 1 ? "was" : "were") not run")
        }
        say("")
        say(RunReport.table(results))
        // A scenario the endpoint failed produced no reference output, so its goldens going unused says nothing.
        let ranSlugs = Set(results.filter { !$0.failures.contains { $0.kind == .endpoint || $0.kind == .delivery } }.map(\.slug))
        let unused = goldens.unusedGoldens().filter { path in ranSlugs.contains(String(path.prefix { $0 != "/" })) }
        if !unused.isEmpty {
            say("\n\(unused.count) golden file\(unused.count == 1 ? " was" : "s were") not produced by their scenario:")
            for path in unused { say("  \(goldenFolder)/\(path)") }
        }

        if let json = options.jsonFile {
            try console.writeReport(JSONWriter.canonicalBytes(RunReport.json(results, notes: notes), style: .pretty), to: json, option: "--json")
        }
        if let junit = options.junitFile {
            try console.writeReport(Array(RunReport.junit(results).xml().utf8), to: junit, option: "--junit")
        }
        if let verdict = results.lazy.compactMap(\.endpointVerdict).first {
            console.printError("\nThe endpoint misbehaved. " + verdict)
            return .unavailable
        }
        return results.allSatisfy(\.passed) ? .success : .failure
    }

    /// The embedded reference server with its temporary data folder, removed when stopped.
    final class EmbeddedServer {
        let server: ReferenceServer
        let folder: URL

        init(server: ReferenceServer, folder: URL) {
            self.server = server
            self.folder = folder
        }

        func stop() {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// The target the endpoint options name, or an embedded reference server (with the faults asked for) when there is no endpoint.
    static func makeTarget(_ options: Options, say: (String) -> Void) throws(CommandError) -> (IngestTarget, EmbeddedServer?) {
        var target: IngestTarget
        var embedded: EmbeddedServer?
        if let endpoint = options.endpoint {
            if let failure = EndpointProbe.failure(connectingTo: endpoint, timeoutSeconds: options.timeoutSeconds) {
                throw .unavailable("cannot reach the endpoint \(endpoint.absoluteString): \(failure)")
            }
            do {
                target = try IngestTarget.named(options.adapter, endpoint: endpoint, settings: options.settings)
            } catch {
                throw .usage(error.message)
            }
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("session-harness-run-\(UUID().uuidString)")
            let server: ReferenceServer
            do {
                server = try ReferenceServer.start(ReferenceServer.Configuration(dataDirectory: folder.path, faults: options.faults))
            } catch {
                throw .unavailable("cannot start the embedded reference server: \(FailureReason.wordsNamingFile(for: error))")
            }
            embedded = EmbeddedServer(server: server, folder: folder)
            target = .reference(server)
            let faults = options.faults.isEmpty ? "" : " with faults " + options.faultWords.joined(separator: ", ")
            say("embedded reference server on \(server.baseURL.absoluteString)\(faults)")
        }
        target.requestTimeoutSeconds = options.timeoutSeconds
        return (target, embedded)
    }

    /// The parsed command line.
    struct Options {
        var paths: [String]
        var endpoint: URL?
        var adapter: String
        var settings: [String: String]
        var faults: [FaultMode]
        var faultWords: [String]
        var goldenFolder: String?
        var recordMode: String?
        var seed: UInt64?
        var timeoutSeconds: Double
        var deadlineSeconds: Double
        var namespace: String
        var jsonFile: String?
        var junitFile: String?

        init(_ arguments: ParsedArguments) throws(CommandError) {
            let adapterName = arguments.value("--adapter")
            let config = arguments.value("--config")
            settings = [:]
            for setting in arguments.values("--setting") {
                guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                    throw .usage("--setting takes KEY=VALUE, not '\(setting)'")
                }
                settings[String(setting[..<equals])] = String(setting[setting.index(after: equals)...])
            }
            if let config, let adapterName, adapterName != "generic" {
                throw .usage("--config \(ControlCharacters.escaped(config)) configures the generic adapter, but --adapter names '\(ControlCharacters.escaped(adapterName))'; drop one of them")
            }
            if let config { settings["config"] = config }
            adapter = adapterName ?? (config != nil ? "generic" : "reference")
            endpoint = try arguments.value("--endpoint", as: { text in
                URL(string: text).flatMap { url in (url.scheme == "http" || url.scheme == "https") && url.host != nil ? url : nil }
            }, expecting: "an http or https URL")
            if endpoint == nil, adapterName != nil || config != nil {
                throw .usage("--adapter and --config need --endpoint; without an endpoint the embedded reference server is used")
            }
            faultWords = arguments.values("--fault")
            faults = []
            for word in faultWords {
                switch FaultMode.parse(word) {
                case .success(let fault): faults.append(fault)
                case .failure(let error): throw .usage("\(error)")
                }
            }
            if !faults.isEmpty, endpoint != nil { throw .usage("--fault applies to the embedded server only; drop --endpoint to use it") }
            // `privacy` shares these options but compares no goldens and writes no JUnit.
            goldenFolder = arguments.declared("--golden") ? arguments.value("--golden") : nil
            recordMode = arguments.declared("--record") ? arguments.value("--record") : nil
            seed = try arguments.value("--seed", as: { UInt64($0) }, expecting: "a whole number from 0 to \(UInt64.max)")
            timeoutSeconds = try arguments.value("--timeout", as: { text in Double(text).flatMap { $0 > 0 && $0 <= 600 ? $0 : nil } },
                                                 expecting: "seconds from 0 to 600") ?? 10
            deadlineSeconds = try arguments.value("--deadline", as: { text in Double(text).flatMap { $0 > 0 && $0 <= 86_400 ? $0 : nil } },
                                                  expecting: "seconds from 0 to 86400") ?? 600
            namespace = try arguments.value("--namespace", as: { tag in
                (1...32).contains(tag.count) && tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) ? tag : nil
            }, expecting: "1 to 32 letters, digits, '_' or '-'") ?? ""
            jsonFile = arguments.value("--json")
            junitFile = arguments.declared("--junit") ? arguments.value("--junit") : nil
            paths = arguments.positionals.isEmpty ? ["Scenarios"] : arguments.positionals
        }
    }
}
