import Dispatch
import Foundation
import Ingest
import SessionModel
import Synchronization
#if canImport(Glibc)
import Glibc
import IngestServer
#endif

/// `session-harness serve`: runs the reference ingest server in the foreground until SIGINT or SIGTERM.
enum ServeCommand: Command {
    static let name = "serve"
    static let summary = "Run the reference ingest server (durable, deduplicating, optional faults)"
    static let positionals = ""
    static let options: [OptionDeclaration] = [
        .integer("--port", "N", in: 0...65535, help: "Port to listen on (default 0: any free port; the chosen one is printed)."),
        .value("--host", "ADDR", help: "IPv4 address to bind (default 127.0.0.1)."),
        .value("--data-dir", "DIR", help: "Where the batch log lives (default .session-harness/data)."),
        .value("--token", "T", help: "Bearer token required for ingest and read-back."),
        .value("--ingest-token", "T", help: "Bearer token for ingest only."),
        .value("--read-token", "T", help: "Bearer token for read-back and erasure only."),
        .integer("--max-body", "BYTES", in: 1...(1 << 30), help: "Largest body accepted (default 8388608); decompressed bodies may be 4x that."),
        .integer("--max-connections", "N", in: 1...100_000, help: "Connections served at once (default 64); more may only ask /healthz."),
        .integer("--session-quota", "BYTES", in: 1...(1 << 50), help: "Bytes stored per session before 413 (default 67108864)."),
        .integer("--total-quota", "BYTES", in: 1...(1 << 50), help: "Bytes stored in all before 507 (default 1073741824)."),
        .value("--fault", "NAME[=V]", help: """
            Misbehave on purpose (repeatable): drop, duplicate, reorder, 5xx, 429, lose-ack, leak, link, link-ip, link-token, ignore-erasure \
            take a rate 0..1 (default 1); delay takes milliseconds (default 200).
            """, repeatable: true),
    ]
    static let about = """
        Runs the embedded reference ingest server. A batch is written to an
        append-only log and fsynced before it is acknowledged, so a restart on the
        same data directory (even after kill -9) loses nothing acknowledged.
        Batches are deduplicated by (session, window, sequence).

        API: POST /v1/batches, GET /v1/sessions, GET /v1/sessions/ID,
        GET /v1/visitors/ID/sessions, DELETE /v1/visitors/ID, GET /healthz.
        """
    static let epilogue = """
        The first line written is 'listening on http://HOST:PORT'.
        Exit status: 0 after a clean stop, 64 for a usage error, 69 when the server
        cannot start (address in use, data directory locked or not writable).
        """

    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus {
        var configuration = ReferenceServer.Configuration(dataDirectory: ".session-harness/data")
        if let port = arguments.integer("--port") { configuration.port = UInt16(port) }
        if let host = arguments.value("--host") { configuration.host = host }
        if let directory = arguments.value("--data-dir") { configuration.dataDirectory = directory }
        if let token = arguments.value("--token") { configuration.ingestToken = token; configuration.readToken = token }
        if let token = arguments.value("--ingest-token") { configuration.ingestToken = token }
        if let token = arguments.value("--read-token") { configuration.readToken = token }
        if let maximum = arguments.integer("--max-body") {
            configuration.limits.maximumBodyBytes = maximum
            configuration.limits.maximumDecompressedBytes = maximum * 4
        }
        if let maximum = arguments.integer("--max-connections") { configuration.limits.maximumConnections = maximum }
        if let quota = arguments.integer("--session-quota") { configuration.quota.maximumSessionBytes = quota }
        if let quota = arguments.integer("--total-quota") { configuration.quota.maximumTotalBytes = quota }
        for text in arguments.values("--fault") {
            switch FaultMode.parse(text) {
            case .success(let fault): configuration.faults.append(fault)
            case .failure(let error): throw .usage(error.message)
            }
        }
        if let extra = arguments.positionals.first { throw .usage("serve takes no positional arguments, got '\(extra)'") }
        if let directory = arguments.value("--data-dir") {
            do throws(FileFailure) {
                try OutputFile.createFolder(directory)
                try OutputFile.checkWritable(directory + "/batches.log")
            } catch {
                throw .unavailable("cannot start the server: cannot write --data-dir \(ControlCharacters.escaped(directory)): \(error.reason)")
            }
        }
        let server: ReferenceServer
        do {
            server = try ReferenceServer.start(configuration)
        } catch {
            throw .unavailable("cannot start the server: \(FailureReason.wordsNamingFile(for: error))")
        }
        console.print("listening on \(server.baseURL.absoluteString)")
        if !configuration.faults.isEmpty {
            console.printError("warning: faults on: \(configuration.faults.map(\.description).joined(separator: ", "))")
        }
        await waitForTerminationSignal()
        server.stop()
        console.printError("stopped")
        return .success
    }

    /// Suspends until SIGINT or SIGTERM arrives.
    private static func waitForTerminationSignal() async {
        let queue = DispatchQueue(label: "serve-signals")
        let latch = SignalLatch()
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { latch.fire() }
            source.resume()
            return source
        }
        await latch.wait()
        withExtendedLifetime(sources) {}
    }
}

/// Lets one task wait until a signal handler fires, whichever comes first.
private final class SignalLatch: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Void, Never>?
        var fired = false
    }

    private let state = Mutex(State())

    /// Returns once `fire()` has been called (at once if it already was).
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let firedAlready = state.withLock { state in
                if state.fired { return true }
                state.continuation = continuation
                return false
            }
            if firedAlready { continuation.resume() }
        }
    }

    func fire() {
        let pending = state.withLock { state in
            state.fired = true
            defer { state.continuation = nil }
            return state.continuation
        }
        pending?.resume()
    }
}
