import Foundation
import Ingest
import IngestServer
import Load
import ScenarioLanguage
import SessionModel
import Simulation

/// `session-harness load`: open-model session load against an endpoint, with corrected latency, thresholds and shard reports.
///
/// ```
/// $ session-harness load --scenario Scenarios --arrival constant:50/s --duration 30s --time-scale 60 --threshold 'p99<250ms'
/// ```
enum LoadCommand: Command {
    static let name = "load"
    static let summary = "Drive open-model session load: corrected latency, thresholds, shard reports"
    static let positionals = ""
    static let options: [OptionDeclaration] = [
        .value("--endpoint", "URL", help: "Base URL of the ingest endpoint (http:// by the socket client, https:// by URLSession).", section: "Endpoint"),
        .value("--adapter", "NAME", help: "Wire format: reference, posthog, sentry, django-rrweb, generic.", section: "Endpoint"),
        .value("--setting", "KEY=VALUE", help: "An adapter setting (token, dsn, ...), as for run.", repeatable: true, section: "Endpoint"),
        .value("--config", "FILE", help: "A generic adapter configuration (implies --adapter generic).", section: "Endpoint"),
        .value("--scenario", "FILE|DIR", help: "Scenarios the sessions replay, in turn (repeatable; default Scenarios).", repeatable: true,
               section: "Workload"),
        .integer("--fixed-body", "BYTES", in: 0...(64 << 20),
                 help: "Instead of sessions, POST a body of BYTES to the endpoint's path per arrival (to compare with wrk or hey)."),
        .value("--arrival", "SPEC", help: "constant:RATE/s, ramp:FROM..TO/s:DURATION or poisson:RATE/s (required).", required: true,
               section: "Schedule"),
        .value("--duration", "D", help: "How long sessions arrive, such as 30s, 5m, 1h (required).", required: true, section: "Schedule"),
        .value("--time-scale", "K", help: "Play each session K times faster than the simulated SDK sent it (default 1).", section: "Schedule"),
        .value("--drain", "D", help: "How long after the last arrival later uploads may still go out (default 30s); what is due after is dropped.",
               section: "Schedule"),
        .value("--seed", "N", help: "Seeds the scenarios, the Poisson schedule and the session ids (default 1).", section: "Schedule"),
        .value("--shard", "i/n", help: "Run shard i of n (from 0): every n-th session. Default: JOB_COMPLETION_INDEX/JOB_COMPLETIONS when set.",
               section: "Schedule"),
        .integer("--connections", "N", in: 1...10_000, help: "Keep-alive connections (default 16)."),
        .integer("--read-back", "N", in: 1...1_000_000,
                 help: "Read back every N-th session while the load runs: ingest lag, sessions lost or doubled (needs the adapter's read-back)."),
        .value("--timeout", "SECONDS", help: "Limit per request, from connecting to the answer's last byte (default 10)."),
        .value("--threshold", "EXPR", help: "Fail (exit 99) unless EXPR holds: p99<250ms, error_rate<0.1%, sessions_incomplete==0 (repeatable).",
               repeatable: true, section: "Reports"),
        .report("--json", help: "Write the full report (histograms included, for merge) as JSON.", section: "Reports"),
        .report("--junit", help: "Write the thresholds as JUnit XML.", section: "Reports"),
        .report("--html", help: "Write an HTML page with SVG plots of latency, throughput and errors.", section: "Reports"),
        .report("--hgrm", help: "Write the corrected latency's percentile distribution in HdrHistogram's .hgrm format.", section: "Reports"),
    ]
    static let about = """
        Sessions arrive on the --arrival schedule whether or not the endpoint keeps up
        (an open model). Arrival n replays scenario n mod count with ids unique to n and
        the seed; each upload goes out at the moment the simulated SDK sent it, divided
        by --time-scale. Without --endpoint an embedded reference server on 127.0.0.1
        takes the load (it fsyncs every batch before acknowledging it).

        Latency is measured from the intended send time (corrected for coordinated
        omission: a request held back by a busy endpoint counts its wait) and from the
        actual send time; histograms keep 3 significant digits from 1 us to 1 h in
        fixed memory. Sends starting over 10 ms late are late starts; sends due but
        still waiting when --drain runs out are dropped; sends planned for after
        --duration + --drain (sessions that outlast the run) are not sent and are
        counted apart, as sends after the window. An upload is acknowledged by the
        adapter's rule, its body included (a 200 whose body refuses it is a body
        refusal, an error).

        Threshold metrics: pNN (any percentile, corrected), uncorrected_pNN,
        schedule_slip_pNN, max, mean, error_rate, errors, requests, rate, late_starts,
        dropped_sends, sends_after_window, body_refusals, sessions_started,
        sessions_complete, sessions_incomplete, sessions_not_started, and with
        --read-back sessions_lost, sessions_doubled, ingest_lag_pNN. A metric with
        no samples fails its threshold; an unknown one is a usage error.
        """
    static let epilogue = """
        On a terminal a status line shows rate, requests in flight, errors and the
        p50/p99 so far, once a second. Merge shard reports with 'session-harness merge'.
        Exit status: 0 when every threshold held, 1 when a scenario is invalid or a
        report cannot be written, 64 for a usage error, 69 when the endpoint cannot be
        reached, acknowledged none of the requests, or the embedded server cannot
        start, 99 when a threshold failed.
        """

    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus {
        if let extra = arguments.positionals.first { throw .usage("load takes no positional arguments, got '\(extra)'; scenarios go after --scenario") }
        let schedule: ArrivalSchedule
        let duration: UInt64
        var drain: UInt64 = 30_000_000
        let shard: Shard
        var thresholds: [Threshold] = []
        do throws(LoadInputError) {
            schedule = try ArrivalSchedule(parsing: arguments.value("--arrival") ?? "")
            duration = try LoadDuration.microseconds(parsing: arguments.value("--duration") ?? "", option: "--duration")
            if let text = arguments.value("--drain") { drain = try LoadDuration.microseconds(parsing: text, option: "--drain") }
            if let text = arguments.value("--shard") {
                shard = try Shard(parsing: text)
            } else {
                shard = try Shard.fromEnvironment() ?? .whole
            }
            for text in arguments.values("--threshold") { thresholds.append(try Threshold(parsing: text)) }
        } catch {
            throw .usage(error.message)
        }
        guard duration > 0 else { throw .usage("--duration must be above 0") }
        let expected = schedule.expectedArrivals(durationMicroseconds: duration)
        guard expected <= ArrivalSchedule.maximumArrivals else {
            throw .usage("--arrival \(schedule) for \(LoadDuration.text(microseconds: duration)) brings about \(String(format: "%.3g", expected)) sessions; one run takes at most 1e9: lower the rate or the duration")
        }
        let timeScale = try arguments.value("--time-scale", as: { Double($0).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } }, expecting: "a number above 0") ?? 1
        let timeout = try arguments.value("--timeout", as: { Double($0).flatMap { $0 > 0 && $0 <= 600 ? $0 : nil } }, expecting: "seconds from 0 to 600") ?? 10
        let seed = try arguments.value("--seed", as: { UInt64($0) }, expecting: "a whole number from 0 to \(UInt64.max)") ?? 1
        let endpointChoice = try EndpointChoice(arguments)
        let fixedBody = arguments.integer("--fixed-body")
        if fixedBody != nil, !arguments.values("--scenario").isEmpty { throw .usage("--fixed-body sends no sessions; drop --scenario") }
        if fixedBody != nil, endpointChoice.endpoint == nil { throw .usage("--fixed-body needs --endpoint (the reference server only takes batches)") }

        var scenarios: [Scenario] = []
        if fixedBody == nil {
            var files: [String] = []
            for path in arguments.values("--scenario").isEmpty ? ["Scenarios"] : arguments.values("--scenario") {
                files += try LintCommand.scenarioFiles(at: path)
            }
            guard !files.isEmpty else { throw .usage("no .scenario files found") }
            for file in files {
                let bytes: [UInt8]
                do throws(FileFailure) {
                    bytes = try InputFile.read(file, limit: InputFile.textLimit, what: "a scenario")
                } catch {
                    throw .failed("cannot read \(ControlCharacters.escaped(file)): \(error.reason)")
                }
                let scenario: Scenario
                do {
                    scenario = try Scenario(parsing: ScenarioSource.text(from: bytes, file: file).get(), file: file)
                } catch {
                    console.printError(DiagnosticRenderer.render(error.diagnostics))
                    return .failure
                }
                scenarios.append(scenario)
            }
            if let note = unperformedNote(scenarios) { console.printError(note) }
        }

        var embedded: (server: ReferenceServer, folder: URL)?
        defer {
            if let embedded {
                embedded.server.stop()
                try? FileManager.default.removeItem(at: embedded.folder)
            }
        }
        let endpoint: URL
        let adapter: any Adapter
        var readBack: (any ReadBack)?
        var acknowledgement = Acknowledgement.anySuccess
        if let given = endpointChoice.endpoint {
            endpoint = given
            if let failure = EndpointProbe.failure(connectingTo: given, timeoutSeconds: timeout) {
                throw .unavailable("cannot reach the endpoint \(given.absoluteString): \(failure)")
            }
            do {
                let target = try IngestTarget.named(endpointChoice.adapter, endpoint: given, settings: endpointChoice.settings)
                adapter = target.adapter
                readBack = target.readBack
                acknowledgement = target.adapter.acknowledgement
            } catch {
                throw .usage(error.message)
            }
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("session-harness-load-\(UUID().uuidString)")
            do {
                let server = try ReferenceServer.start(ReferenceServer.Configuration(dataDirectory: folder.path))
                embedded = (server, folder)
                endpoint = server.baseURL
                adapter = IngestTarget.reference(server).adapter
                readBack = IngestTarget.reference(server).readBack
            } catch {
                throw .unavailable("cannot start the embedded reference server: \(FailureReason.wordsNamingFile(for: error))")
            }
        }

        let source: any SessionSource
        if let fixedBody {
            source = FixedBodySource(bodyBytes: fixedBody, endpoint: endpoint)
        } else {
            do {
                source = try ScenarioSessionSource(scenarios: scenarios, adapter: adapter, endpoint: endpoint, timeScale: timeScale, seed: seed)
            } catch {
                console.printError("error: \(error)")
                return .failure
            }
        }
        var plan = LoadRun(endpoint: endpoint, source: source, schedule: schedule, durationMicroseconds: duration)
        plan.drainMicroseconds = drain
        plan.timeScale = timeScale
        plan.seed = seed
        plan.connections = arguments.integer("--connections") ?? 16
        plan.timeoutSeconds = timeout
        plan.shard = shard
        plan.thresholds = thresholds
        if let every = arguments.integer("--read-back") {
            guard fixedBody == nil else { throw .usage("--read-back needs sessions; drop --fixed-body") }
            plan.readBack = readBack
            plan.readBackEvery = every
        }
        // A fixed body is no upload: any 2xx answers it.
        plan.acknowledgement = fixedBody == nil ? acknowledgement : .anySuccess
        if embedded != nil { console.printError("embedded reference server on \(endpoint.absoluteString)") }

        let report: LoadReport
        let progress: (@Sendable (LoadDriver.Progress) -> Void)? =
            console.isTerminal ? { @Sendable progress in console.status(LoadProgressLine.render(progress)) } : nil
        do throws(LoadRun.Failure) {
            report = try await plan.execute(progress: progress)
        } catch {
            switch error {
            case .unreachable(let why): throw .unavailable("cannot reach the endpoint \(endpoint.absoluteString): \(why)")
            case .input(let why): throw .failed(why.message)
            }
        }
        console.status(nil)
        return try finish(report, arguments: arguments, console: console)
    }

    /// Prints the summary, writes the reports asked for and picks the exit status; shared with `merge`.
    /// A note that load sends the scenarios' uploads only, when any of them also asks for erasures or states expectations; nil otherwise.
    static func unperformedNote(_ scenarios: [Scenario]) -> String? {
        let erasures = scenarios.reduce(0) { count, scenario in
            count + scenario.steps.count { if case .erase = $0.action { true } else { false } }
        }
        let expectations = scenarios.reduce(0) { $0 + $1.expectations.count }
        var parts: [String] = []
        if erasures > 0 { parts.append(erasures == 1 ? "1 erase step" : "\(erasures) erase steps") }
        if expectations > 0 { parts.append(expectations == 1 ? "1 expectation" : "\(expectations) expectations") }
        guard !parts.isEmpty else { return nil }
        return "note: load sends the scenarios' uploads only; their \(parts.joined(separator: " and ")) are not carried out (`run` does that)"
    }

    static func finish(_ report: LoadReport, arguments: ParsedArguments, console: Console) throws(CommandError) -> ExitStatus {
        console.print(TerminalSummary.render(report))
        if let file = arguments.value("--json") { try console.writeReport(report.json(), to: file, option: "--json") }
        if let file = arguments.value("--junit") { try console.writeReport(LoadJUnit.render(report), to: file, option: "--junit") }
        if let file = arguments.value("--html") { try console.writeReport(Array(LoadHTMLReport.render(report).utf8), to: file, option: "--html") }
        if let file = arguments.value("--hgrm") {
            do {
                try console.writeReport(Array(try report.measurements().corrected.hgrm().utf8), to: file, option: "--hgrm")
            } catch let error as CommandError {
                throw error
            } catch {
                throw .failed("\(error)")
            }
        }
        if let words = nothingAcknowledged(report) {
            console.printError("error: \(words)")
            return .unavailable
        }
        return report.thresholdsPassed ? .success : .thresholdsFailed
    }

    /// Why a run measured no endpoint at all (it acknowledged none of the requests sent), in words; nil when something was acknowledged.
    static func nothingAcknowledged(_ report: LoadReport) -> String? {
        let requests = report.requests
        guard requests.sent > 0, requests.acknowledged == 0 else { return nil }
        if !requests.failures.isEmpty, requests.failures.keys.allSatisfy({ $0.hasPrefix("connect") }) {
            return "no request could connect to the endpoint"
        }
        var outcomes = requests.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        outcomes += requests.statuses.sorted { $0.key < $1.key }.map { "status \($0.key) \($0.value)" }
        let refused = requests.bodyRefusals > 0 ? " (\(requests.bodyRefusals) of the answers' bodies refused the upload)" : ""
        return "the endpoint acknowledged none of the \(requests.sent) requests sent: \(outcomes.joined(separator: ", "))\(refused); nothing here measures it"
    }

    /// The endpoint options, read as `run` reads them.
    struct EndpointChoice {
        var endpoint: URL?
        var adapter: String
        var settings: [String: String] = [:]

        init(_ arguments: ParsedArguments) throws(CommandError) {
            let adapterName = arguments.value("--adapter")
            let config = arguments.value("--config")
            for setting in arguments.values("--setting") {
                guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                    throw .usage("--setting takes KEY=VALUE, not '\(setting)'")
                }
                settings[String(setting[..<equals])] = String(setting[setting.index(after: equals)...])
            }
            if let config { settings["config"] = config }
            adapter = adapterName ?? (config != nil ? "generic" : "reference")
            endpoint = try arguments.value("--endpoint", as: { text in
                URL(string: text).flatMap { url in (url.scheme == "http" || url.scheme == "https") && url.host != nil ? url : nil }
            }, expecting: "an http or https URL")
            if endpoint == nil, adapterName != nil || config != nil {
                throw .usage("--adapter and --config need --endpoint; without an endpoint the embedded reference server is used")
            }
        }
    }
}
