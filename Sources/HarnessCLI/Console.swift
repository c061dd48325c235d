import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Where a verb writes: standard output and standard error, or buffers in tests.
public final class Console: @unchecked Sendable {
    private var standardOutput: [UInt8] = []
    private var standardError: [UInt8] = []
    private let isCapturing: Bool

    /// A console that writes through to the process's standard output and error.
    public static func process() -> Console { Console(capturing: false) }

    /// A console that keeps everything written, for tests.
    public static func capturing() -> Console { Console(capturing: true) }

    private init(capturing: Bool) {
        isCapturing = capturing
    }

    /// Everything written to standard output so far (capturing consoles only).
    public var output: String { String(decoding: standardOutput, as: UTF8.self) }
    /// Everything written to standard error so far (capturing consoles only).
    public var errors: String { String(decoding: standardError, as: UTF8.self) }

    /// Writes a line to standard output.
    public func print(_ line: String = "") {
        write(line + "\n", toError: false)
    }

    /// Writes a line to standard error.
    public func printError(_ line: String) {
        write(line + "\n", toError: true)
    }

    /// Writes bytes to standard output as they are.
    public func writeOutput(_ bytes: [UInt8]) {
        if isCapturing {
            standardOutput.append(contentsOf: bytes)
        } else {
            Self.writeAll(bytes, to: STDOUT_FILENO)
        }
    }

    /// Writes a report to the file an option named, or to standard output when the name is `-`.
    ///
    /// `option` names the option in the error, so a person knows which path could not be written.
    func writeReport(_ bytes: [UInt8], to path: String, option: String) throws(CommandError) {
        guard path != "-" else { return writeOutput(bytes) }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .failed("cannot write \(option) \(path): \(FailureReason.words(for: error))")
        }
    }

    private func write(_ text: String, toError: Bool) {
        if isCapturing {
            if toError { standardError.append(contentsOf: text.utf8) } else { standardOutput.append(contentsOf: text.utf8) }
        } else {
            Self.writeAll(Array(text.utf8), to: toError ? STDERR_FILENO : STDOUT_FILENO)
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
