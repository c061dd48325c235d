import Foundation
import SessionModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A program a configuration runs where no declaration fits: one JSON object in on standard input, one out on standard output, within a time limit.
///
/// Words that start with `./` or `../` are relative to the configuration
/// file's folder; a first word without a `/` is looked up on `PATH`.
///
/// ```swift
/// let program = ExternalProgram(arguments: ["./read-back.py"], timeoutSeconds: 10)
/// let answer = try program.answer(to: ["row": ["sessionId": "s1"]], purpose: "read-back step 1")
/// ```
struct ExternalProgram: Sendable {
    var arguments: [String]
    var timeoutSeconds: Double

    /// The most a program may print on standard output.
    static let outputLimit = 256 << 20
    static let defaultTimeoutSeconds = 10.0
    static let members = ["run", "timeoutSeconds"]

    init(arguments: [String], timeoutSeconds: Double = ExternalProgram.defaultTimeoutSeconds) {
        self.arguments = arguments
        self.timeoutSeconds = timeoutSeconds
    }

    /// Reads `{"run": [...], "timeoutSeconds": N}` at `path`, resolving relative words against `folder`.
    init?(_ object: JSONObject, at path: String, folder: String?, reader: inout ConfigurationReader) {
        guard let words = object["run"]?.arrayValue, !words.isEmpty, words.allSatisfy({ $0.stringValue?.isEmpty == false }) else {
            reader.fail("\(path).run", "must be a non-empty array of strings: the program and its arguments")
            return nil
        }
        let base = URL(fileURLWithPath: folder ?? FileManager.default.currentDirectoryPath, isDirectory: true)
        arguments = words.compactMap(\.stringValue).map { word in
            word.hasPrefix("./") || word.hasPrefix("../") ? base.appendingPathComponent(word).standardizedFileURL.path : word
        }
        if arguments[0].contains("/"), !FileManager.default.isExecutableFile(atPath: arguments[0]) {
            reader.fail("\(path).run[0]", "\(arguments[0]) is not an executable file")
        }
        timeoutSeconds = Self.defaultTimeoutSeconds
        if let limit = object["timeoutSeconds"] {
            if let seconds = limit.doubleValue, seconds > 0, seconds <= 600 { timeoutSeconds = seconds }
            else { reader.fail("\(path).timeoutSeconds", "must be a number of seconds above 0 and at most 600") }
        }
    }

    /// Runs the program with `input` and returns the JSON object it printed; every failure says which program and why.
    func answer(to input: JSONValue, purpose: String) throws(AdapterError) -> JSONObject {
        let shown = arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        let outcome = try run(input: JSONWriter.canonicalBytes(input), purpose: "\(purpose) (\(shown))")
        let errors = ControlCharacters.excerpt(outcome.errors, limit: 500)
        guard outcome.status == 0 else {
            let why = outcome.status == 127 ? "could not be started" : "exited with status \(outcome.status)"
            throw AdapterError("\(purpose) (\(shown)) \(why)" + (errors.isEmpty ? "" : ": \(errors)"))
        }
        guard let json = try? JSONReader.parse(outcome.output), case .object(let object) = json else {
            throw AdapterError("\(purpose) (\(shown)) printed something that is not a JSON object: \(ControlCharacters.excerpt(outcome.output, limit: 500))"
                               + (errors.isEmpty ? "" : "; standard error: \(errors)"))
        }
        return object
    }

    /// The async form, which keeps the blocking wait off the caller's thread.
    func answer(to input: JSONValue, purpose: String) async throws(AdapterError) -> JSONObject {
        let result: Result<JSONObject, AdapterError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(AdapterError) { continuation.resume(returning: .success(try answer(to: input, purpose: purpose))) }
                catch { continuation.resume(returning: .failure(error)) }
            }
        }
        return try result.get()
    }

    private struct Outcome {
        var status: Int32
        var output: [UInt8]
        var errors: [UInt8]
    }

    private func run(input: [UInt8], purpose: String) throws(AdapterError) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--"] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch { throw AdapterError("\(purpose) could not be started: \(error.localizedDescription)") }

        let finished = DispatchGroup()
        let output = Collected(limit: Self.outputLimit), errors = Collected(limit: 64 << 10)
        for (pipe, sink) in [(stdout, output), (stderr, errors)] {
            finished.enter()
            Thread.detachNewThread {
                sink.drain(pipe.fileHandleForReading)
                finished.leave()
            }
        }
        Thread.detachNewThread {
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        let deadline = DispatchTime.now() + timeoutSeconds
        let late = exited.wait(timeout: deadline) == .timedOut
        // Once the program has exited, what it printed is in the pipes; a process started elsewhere at the same
        // moment may have inherited their write ends and hold back end-of-file, so wait for it only briefly.
        if !late { _ = finished.wait(timeout: .now() + 1) }
        if late || output.overflowed {
            process.terminate()
            if exited.wait(timeout: .now() + 1) == .timedOut { kill(process.processIdentifier, SIGKILL); _ = exited.wait(timeout: .now() + 1) }
            if output.overflowed { throw AdapterError("\(purpose) printed more than \(Self.outputLimit >> 20) MB; stopped it") }
            let said = ControlCharacters.excerpt(errors.bytes, limit: 500)
            throw AdapterError("\(purpose) did not finish within \(secondsText(timeoutSeconds)); stopped it" + (said.isEmpty ? "" : ": \(said)"))
        }
        return Outcome(status: process.terminationStatus, output: output.bytes, errors: errors.bytes)
    }
}

/// Bytes read from a pipe until it closes, keeping at most `limit`.
private final class Collected: Sendable {
    private struct State {
        var bytes: [UInt8] = []
        var overflowed = false
    }

    private let state = Mutex(State())
    let limit: Int

    init(limit: Int) { self.limit = limit }

    var bytes: [UInt8] { state.withLock { $0.bytes } }
    var overflowed: Bool { state.withLock { $0.overflowed } }

    func drain(_ handle: FileHandle) {
        while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            let full: Bool = state.withLock { state in
                if state.bytes.count + chunk.count > limit { state.overflowed = true; return true }
                state.bytes += chunk
                return false
            }
            if full { return }
        }
    }
}
