import Foundation

/// Starts a server program that announces itself with `listening on http://127.0.0.1:PORT` as its first line of output.
///
/// Both `session-harness serve` and the test targets under `Tests/Targets/` do,
/// so tests start either through here.
///
/// ```swift
/// let (process, url) = try ListeningProcess.start(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "server.py", "--port", "0"])
/// ```
package enum ListeningProcess {
    /// The program did not announce where it listens, in words.
    package struct StartError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Runs `executable` with `arguments` and waits at most 10 s for its first line; stderr is discarded.
    package static func start(_ executable: URL, _ arguments: [String]) throws -> (process: Process, url: URL) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        var line: [UInt8] = []
        let handle = output.fileHandleForReading
        while Date() < deadline, let byte = handle.readData(ofLength: 1).first, byte != 10 { line.append(byte) }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on "), let url = URL(string: String(text.dropFirst("listening on ".count))), url.port != nil else {
            process.terminate()
            throw StartError(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not say where it listens; it said '\(text)'")
        }
        return (process, url)
    }
}
