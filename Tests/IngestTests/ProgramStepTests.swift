#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Ingest
import SessionModel
import Testing

/// The `run` escape hatch: read-back steps (and `send`) that run a program speaking JSON on stdin and stdout, within a time limit.
@Suite("program steps")
struct ProgramStepTests {
    /// A folder holding `program.py` (made executable) and the configuration beside it.
    struct Folder {
        let url: URL

        init(program: String) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("harness-program-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let path = url.appendingPathComponent("program.py").path
            try Self.writeExecutable(Array(("#!/usr/bin/env python3\nimport json, sys, time\nrequest = json.load(sys.stdin)\n" + program).utf8), to: path)
        }

        /// Writes an executable through a descriptor closed on exec: one inherited by a process another test starts
        /// at that moment would keep the file open for writing, and running it would fail with "Text file busy".
        static func writeExecutable(_ bytes: [UInt8], to path: String) throws {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
            defer { close(descriptor) }
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        }

        func configuration(_ readBack: String, send: String = #"{"path": "/ingest", "body": {"events": "{events}"}}"#) throws -> TargetConfiguration {
            let path = url.appendingPathComponent("target.json").path
            try #"{"send": \#(send), "readBack": \#(readBack)}"#.write(toFile: path, atomically: true, encoding: .utf8)
            return try TargetConfiguration(contentsOf: path)
        }

        func readBack(_ readBack: String) async throws -> [UploadBatch] {
            try await TargetReadBack(baseURL: URL(string: "http://127.0.0.1:1")!, configuration: try configuration(readBack)).batches(session: "s1")
        }
    }

    static let batchJSON = #"{"sessionId": request["row"]["sessionId"], "windowId": "w1", "pageId": "p1", "sequence": 0, "distinctId": "d1", "origin": "https://shop.example", "events": [{"type": 4, "timestamp": 1, "data": {"href": "https://shop.example/", "width": 1, "height": 1}}]}"#

    @Test("a last program step prints the batches; it gets the endpoint and the row")
    func programPrintsBatches() async throws {
        let folder = try Folder(program: """
            assert request["endpoint"] == "http://127.0.0.1:1", request
            json.dump({"batches": [\(Self.batchJSON)]}, sys.stdout)
            """)
        let batches = try await folder.readBack(#"{"steps": [{"run": ["./program.py"]}]}"#)
        #expect(batches.map(\.sessionId) == ["s1"])
        #expect(batches.first?.events.count == 1)
    }

    @Test("a program step's rows bind names for later steps and are the items batches map from")
    func programRowsBind() async throws {
        let folder = try Folder(program: """
            row = request["row"]
            if "recording" not in row:
                json.dump({"rows": [{"recording": "r7"}, {"recording": "r8"}]}, sys.stdout)
            else:
                json.dump({"rows": [{"window": row["recording"], "sequence": 3, "events": []}]}, sys.stdout)
            """)
        let batches = try await folder.readBack("""
            {"steps": [{"run": ["./program.py"], "bind": ["recording"]}, {"run": ["./program.py"]}],
             "batches": {"sessionId": "{sessionId}", "windowId": "$.window", "sequence": "$.sequence", "events": "$.events"}}
            """)
        #expect(batches.map(\.windowId) == ["r7", "r8"])
        #expect(batches.map(\.sequence) == [3, 3])
    }

    @Test("a program that fails, prints garbage, omits a bound name or overruns its limit fails the read-back in words", arguments: [
        (#"sys.stderr.write("no database here\n"); sys.exit(3)"#, "exited with status 3: no database here"),
        (#"print("<html>oops</html>")"#, "printed something that is not a JSON object: <html>oops</html>"),
        (#"json.dump({"rows": [{"other": 1}]}, sys.stdout)"#, "$.rows[0] does not give 'recording'"),
        (#"json.dump({"rows": [{"recording": 1}]}, sys.stdout)"#, "printed no \"batches\" array"),
        (#"time.sleep(300)"#, "did not finish within 2 s; stopped it"),
    ])
    func programFailures(_ program: String, _ message: String) async throws {
        let folder = try Folder(program: program)
        let started = Date()
        do {
            let limit = program.hasPrefix("time.sleep") ? 2 : 60
            let batches = try await folder.readBack(#"{"steps": [{"run": ["./program.py"], "bind": ["recording"], "timeoutSeconds": \#(limit)}, {"run": ["./program.py"], "timeoutSeconds": \#(limit)}]}"#)
            Issue.record("read back \(batches.count) batches; expected a failure containing \(message)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
            #expect("\(error)".contains("read-back step"), "\(error)")
        }
        // The sleeping program would take 300 s; the bound is loose for busy machines (a full suite on two cores
        // has taken a Python start past 90 s) and still well short of what an unstopped program would take.
        #expect(Date().timeIntervalSince(started) < 200, "a program over its limit is stopped")
    }

    @Test("a run step is checked when the file is read", arguments: [
        (#"{"steps": [{"run": ["./missing.py"]}]}"#, "$.readBack.steps[0].run[0]: "),
        (#"{"steps": [{"run": []}]}"#, "$.readBack.steps[0].run: must be a non-empty array of strings"),
        (#"{"steps": [{"run": ["./program.py"], "each": "$.x"}]}"#, "$.readBack.steps[0].each: a run step takes only run, timeoutSeconds and bind"),
        (#"{"steps": [{"run": ["./program.py"], "timeoutSeconds": 0}]}"#, "$.readBack.steps[0].timeoutSeconds: must be a number of seconds above 0"),
        (#"{"steps": [{"run": ["./program.py"], "bind": "x"}]}"#, "$.readBack.steps[0].bind: a run step's bind is an array"),
        (#"{"steps": [{"run": ["./program.py"]}, {"request": {"path": "/r/{nope}"}}], "batches": {"sequence": "$.s", "events": "$.e"}}"#, "$.readBack.steps[1].request.path"),
    ])
    func loadErrors(_ readBack: String, _ message: String) throws {
        let folder = try Folder(program: "pass")
        let error = #expect(throws: AdapterError.self) { try folder.configuration(readBack) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    static let sampleBatch = UploadBatch(sessionId: "s1", windowId: "w1", pageId: "p1", sequence: 2, distinctId: "d1", origin: "https://shop.example", events: [])

    @Test("send may run a program that prints the requests; the harness adds Origin and User-Agent")
    func programSend() throws {
        let folder = try Folder(program: """
            names = request["names"]
            body = "%s/%d/%s" % (request["batch"]["sessionId"], names["sequence"], names["isLastChunk"])
            json.dump({"requests": [{"method": "PUT", "path": "/chunks/" + names["setting.site"], "headers": {"X-Key": "k"}, "body": body},
                                    {"path": "/raw", "bodyBase64": "AAEC"}]}, sys.stdout)
            """)
        let path = folder.url.appendingPathComponent("target.json").path
        try #"{"settings": {"site": "s9"}, "send": {"run": ["./program.py"]}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let requests = try TargetConfiguration(contentsOf: path).requests(for: Self.sampleBatch)
        #expect(requests.map(\.method) == ["PUT", "POST"])
        #expect(requests.map(\.path) == ["/chunks/s9", "/raw"])
        #expect(String(decoding: requests[0].body, as: UTF8.self) == "s1/2/True")
        #expect(requests[1].body == [0, 1, 2])
        #expect(requests[0].header("X-Key") == "k")
        #expect(requests[0].header("Origin") == "https://shop.example")
    }

    @Test("a send program's bad answer is an error naming the request and member", arguments: [
        (#"json.dump({"requests": [{"path": "chunks"}]}, sys.stdout)"#, "$.requests[0].path must be a string starting with '/'"),
        (#"json.dump({"requests": [{"path": "/x", "headers": {"A": "b\r\nEvil: 1"}}]}, sys.stdout)"#, "$.requests[0].headers.A must be a string without CR or LF"),
        (#"json.dump({"requests": []}, sys.stdout)"#, "printed no \"requests\" array"),
        (#"json.dump({"requests": [{"path": "/x", "bodyBase64": "@@"}]}, sys.stdout)"#, "$.requests[0].bodyBase64 is not base64"),
    ])
    func programSendErrors(_ program: String, _ message: String) throws {
        let folder = try Folder(program: program)
        let path = folder.url.appendingPathComponent("target.json").path
        try #"{"send": {"run": ["./program.py"]}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try TargetConfiguration(contentsOf: path)
        let error = #expect(throws: AdapterError.self) { try configuration.requests(for: Self.sampleBatch) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }
}
