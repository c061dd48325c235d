import Dispatch
import Foundation
import Ingest
#if canImport(Glibc)
import Glibc
import IngestServer
#endif

/// `session-harness serve`: runs the reference ingest server in the foreground until SIGINT or SIGTERM.
enum ServeCommand: Command {
    static let name = "serve"
    static let summary = "Run the reference ingest server (durable, deduplicating, optional faults)"
    static let usage = "Usage: session-harness serve [--port N] [--host ADDR] [--data-dir DIR] [--token T] [--fault NAME[=VALUE]]..."
    static let help = """
        \(usage)

        Runs the embedded reference ingest server. A batch is written to an
        append-only log and fsynced before it is acknowledged, so a restart on the
        same data directory (even after kill -9) loses nothing acknowledged.
        Batches are deduplicated by (session, window, sequence).

        API: POST /v1/batches, GET /v1/sessions, GET /v1/sessions/ID,
        GET /v1/visitors/ID/sessions, DELETE /v1/visitors/ID, GET /healthz.

        Options:
          --port N            Port to listen on (default 0: any free port; the chosen one is printed).
          --host ADDR         IPv4 address to bind (default 127.0.0.1).
          --data-dir DIR      Where the batch log lives (default .session-harness/data).
          --token T           Bearer token required for ingest and read-back.
          --ingest-token T    Bearer token for ingest only.
          --read-token T      Bearer token for read-back and erasure only.
          --max-body BYTES    Largest body accepted (default 8388608); decompressed bodies may be 4x that.
          --fault NAME[=V]    Misbehave on purpose (repeatable): drop, duplicate, reorder, 5xx, 429, lose-ack,
                              leak, link, ignore-erasure take a rate 0..1 (default 1); delay takes
                              milliseconds (default 200).
          -h, --help          Show this help.

        The first line written is 'listening on http://HOST:PORT'.
        Exit status: 0 after a clean stop, 1 when the server cannot start, 64 for a usage error.
        """

    static func run(_ arguments: [String], console: Console) async -> ExitStatus {
        var scanner = ArgumentScanner(arguments)
        var configuration = ReferenceServer.Configuration(dataDirectory: ".session-harness/data")
        do {
            if let port = try scanner.integerOption("--port", in: 0...65535) { configuration.port = UInt16(port) }
            if let host = try scanner.option("--host") { configuration.host = host }
            if let directory = try scanner.option("--data-dir") { configuration.dataDirectory = directory }
            if let token = try scanner.option("--token") { configuration.ingestToken = token; configuration.readToken = token }
            if let token = try scanner.option("--ingest-token") { configuration.ingestToken = token }
            if let token = try scanner.option("--read-token") { configuration.readToken = token }
            if let maximum = try scanner.integerOption("--max-body", in: 1...(1 << 30)) {
                configuration.limits.maximumBodyBytes = maximum
                configuration.limits.maximumDecompressedBytes = maximum * 4
            }
            for text in try scanner.options("--fault") {
                switch FaultMode.parse(text) {
                case .success(let fault): configuration.faults.append(fault)
                case .failure(let error): throw UsageError(error.message)
                }
            }
            let rest = try scanner.positionalArguments(knownOptions: ["--port", "--host", "--data-dir", "--token", "--ingest-token", "--read-token", "--max-body", "--fault", "--help"])
            guard rest.isEmpty else { throw UsageError("serve takes no positional arguments, got '\(rest[0])'") }
        } catch let error as UsageError {
            console.printError("error: \(error.message)\n\(usage)")
            return .usage
        } catch {
            console.printError("error: \(error)\n\(usage)")
            return .usage
        }
        let server: ReferenceServer
        do {
            server = try ReferenceServer.start(configuration)
        } catch {
            console.printError("error: cannot start the server: \(error)")
            return .failure
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
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "serve-signals")
            let resumed = SignalLatch(continuation)
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { resumed.fire() }
                source.resume()
                resumed.keep(source)
            }
        }
    }
}

/// Resumes a continuation once, and keeps the signal sources alive until then.
private final class SignalLatch: @unchecked Sendable {
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func keep(_ source: DispatchSourceSignal) {
        lock.lock(); sources.append(source); lock.unlock()
    }

    func fire() {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume()
    }
}
