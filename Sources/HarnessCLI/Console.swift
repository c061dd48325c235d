import Foundation
import SessionModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where a verb writes: standard output and standard error, or buffers in tests.
///
/// It is the edge every outside text passes on its way to a person: lines printed here have their control
/// characters (other than line feeds and tabs) escaped by `ControlCharacters`, whatever they quote (a file name,
/// a scenario or recording string, an endpoint's body, a program's stderr), and raw output to a terminal is
/// escaped the same way. Files and pipes get raw output byte for byte.
public final class Console: Sendable {
    /// What a capturing console has been given so far.
    private struct Captured {
        var output: [UInt8] = []
        var errors: [UInt8] = []
    }

    private let captured = Mutex(Captured())
    private let isCapturing: Bool
    /// Whether a capturing console stands for a terminal on standard output.
    private let capturesTerminal: Bool

    /// A console that writes through to the process's standard output and error.
    public static func process() -> Console { Console(capturing: false) }

    /// A console that keeps everything written, for tests; `terminal` makes raw output be treated as shown on a terminal.
    public static func capturing(terminal: Bool = false) -> Console { Console(capturing: true, terminal: terminal) }

    private init(capturing: Bool, terminal: Bool = false) {
        isCapturing = capturing
        capturesTerminal = terminal
    }

    /// Whether standard output is a terminal, where raw output is shown with its control characters escaped.
    private var outputIsTerminal: Bool { isCapturing ? capturesTerminal : isatty(STDOUT_FILENO) == 1 }

    /// Whether standard error is a terminal, where a status line may be redrawn in place.
    public var isTerminal: Bool { !isCapturing && isatty(STDERR_FILENO) == 1 }

    /// Shows `line` as the status line on a terminal, replacing the previous one; nil clears it. Does nothing elsewhere.
    public func status(_ line: String?) {
        guard isTerminal else { return }
        let text = line.map { String(ControlCharacters.escaped($0).prefix(Int(Self.terminalColumns) - 1)) } ?? ""
        FileDescriptor.writeAll(Array(("\r\u{1B}[K" + text).utf8), to: STDERR_FILENO)
    }

    private static var terminalColumns: UInt16 {
        var size = winsize()
        return ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 10 ? size.ws_col : 80
    }

    /// Everything written to standard output so far (capturing consoles only).
    public var output: String { captured.withLock { String(decoding: $0.output, as: UTF8.self) } }
    /// Everything written to standard error so far (capturing consoles only).
    public var errors: String { captured.withLock { String(decoding: $0.errors, as: UTF8.self) } }

    /// Writes a line to standard output, control characters other than line feeds and tabs escaped.
    public func print(_ line: String = "") {
        write(ControlCharacters.escapedKeepingLines(line) + "\n", toError: false)
    }

    /// Writes a line to standard error, control characters other than line feeds and tabs escaped.
    public func printError(_ line: String) {
        write(ControlCharacters.escapedKeepingLines(line) + "\n", toError: true)
    }

    /// Writes bytes to standard output as they are, or, on a terminal, as text with its control characters escaped.
    public func writeOutput(_ bytes: [UInt8]) {
        let bytes = outputIsTerminal ? Array(ControlCharacters.escapedKeepingLines(String(decoding: bytes, as: UTF8.self)).utf8) : bytes
        if isCapturing {
            captured.withLock { $0.output.append(contentsOf: bytes) }
        } else {
            FileDescriptor.writeAll(bytes, to: STDOUT_FILENO)
        }
    }

    /// Writes a report to the file an option named, or to standard output when the name is `-`.
    ///
    /// `option` names the option in the error, so a person knows which path could not be written.
    func writeReport(_ bytes: [UInt8], to path: String, option: String) throws(CommandError) {
        guard path != "-" else { return writeOutput(bytes) }
        do throws(FileFailure) {
            try OutputFile.write(bytes, to: path)
        } catch {
            throw .failed("cannot write \(option) \(ControlCharacters.escaped(path)): \(error.reason)")
        }
    }

    private func write(_ text: String, toError: Bool) {
        if isCapturing {
            captured.withLock {
                if toError { $0.errors.append(contentsOf: text.utf8) } else { $0.output.append(contentsOf: text.utf8) }
            }
        } else {
            FileDescriptor.writeAll(Array(text.utf8), to: toError ? STDERR_FILENO : STDOUT_FILENO)
        }
    }
}
