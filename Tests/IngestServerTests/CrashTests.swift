import Foundation
import Harness
import SessionModel
import Testing
@testable import Ingest
@testable import IngestServer
#if canImport(Glibc)
import Glibc
import _TestSupport
#endif

@Suite("Crash safety")
struct CrashTests {
    @Test("kill -9 while a run is sending loses nothing acknowledged", .timeLimit(.minutes(3)))
    func killNine() async throws {
        let directory = Fixture.temporaryDirectory()
        let (process, port) = try BuiltBinary.serve(dataDirectory: directory)
        let baseURL = URL(string: "http://127.0.0.1:\(port)")!
        let batches = (0..<4).flatMap { Fixture.session("crash-\($0)", count: 60, distinct: "v\($0)") }
        let acknowledged = AcknowledgedKeys()
        // Four senders in parallel; the server is killed while they are mid-stream.
        let senders = Task {
            await withTaskGroup(of: Void.self) { group in
                for sender in 0..<4 {
                    group.addTask {
                        let transport = Transport(baseURL: baseURL, policy: .none, timeoutSeconds: 10)
                        for batch in batches where batch.sessionId == "crash-\(sender)" {
                            guard let request = try? ReferenceAdapter().request(for: batch) else { continue }
                            let report = await transport.send(request)
                            if report.acknowledged { acknowledged.insert(BatchKey(batch)) }
                            // After the kill every request is refused at once; before it, a slow machine may time one out.
                            if report.finalStatus == nil, acknowledged.killed { return }
                        }
                    }
                }
            }
        }
        // Generous: under the full suite on two cores, the senders' tasks wait long for the pool
        // (12 of 40 batches were acknowledged in 30 s once); only the count matters, not the speed.
        let deadline = Date().addingTimeInterval(120)
        while acknowledged.count < 40, Date() < deadline { try await Task.sleep(nanoseconds: 5_000_000) }
        acknowledged.killed = true
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        await senders.value
        let acked = acknowledged.all
        #expect(acked.count >= 40)
        #expect(acked.count < batches.count, "the kill came after every batch was sent; the test proved nothing")

        let (restarted, newPort) = try BuiltBinary.serve(dataDirectory: directory)
        defer { restarted.terminate(); restarted.waitUntilExit() }
        let readBack = ReferenceReadBack(baseURL: URL(string: "http://127.0.0.1:\(newPort)")!)
        var stored: [UploadBatch] = []
        for session in (0..<4).map({ "crash-\($0)" }) { stored += try await readBack.batches(session: session) }
        let storedKeys = Set(stored.map(BatchKey.init))
        let missing = acked.filter { !storedKeys.contains($0) }.sorted()
        #expect(missing.isEmpty, "acknowledged but lost after kill -9: \(missing)")
        #expect(Set(stored.map(BatchKey.init)).count == stored.count, "a batch was read back twice")
    }
}

@Suite("serve binary")
struct ServeBinaryTests {
    @Test("serve --fault drop=0.5 --token really drops and really checks tokens", .timeLimit(.minutes(1)))
    func faultFromCommandLine() async throws {
        let (process, port) = try BuiltBinary.serve(dataDirectory: Fixture.temporaryDirectory(), extra: ["--fault", "drop=0.5", "--token", "t0k"])
        defer { process.terminate(); process.waitUntilExit() }
        let url = URL(string: "http://127.0.0.1:\(port)")!
        let target = IngestTarget(baseURL: url, adapter: ReferenceAdapter(token: "t0k"), readBack: ReferenceReadBack(baseURL: url, token: "t0k"))
        let outcome = try await IngestRun.deliver(Fixture.session(count: 6), to: target)
        #expect(!outcome.findings.isEmpty && outcome.findings.allSatisfy { $0.kind == .lost })
        let unauthorised = await Transport(baseURL: url, policy: .none).send(try ReferenceAdapter().request(for: Fixture.batch(sequence: 9)))
        #expect(unauthorised.finalStatus == 401)
    }
}

/// Keys acknowledged so far, shared by the sender tasks.
final class AcknowledgedKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: Set<BatchKey> = []
    private var serverKilled = false
    func insert(_ key: BatchKey) { lock.lock(); keys.insert(key); lock.unlock() }
    /// Set once the server has been killed, so senders stop at the first refused request.
    var killed: Bool {
        get { lock.lock(); defer { lock.unlock() }; return serverKilled }
        set { lock.lock(); serverKilled = newValue; lock.unlock() }
    }
    var count: Int { lock.lock(); defer { lock.unlock() }; return keys.count }
    var all: Set<BatchKey> { lock.lock(); defer { lock.unlock() }; return keys }
}
