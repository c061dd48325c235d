import Foundation
import ScenarioLanguage
import SessionModel

/// `session-harness lint`: parses and checks `.scenario` files and reports every problem.
///
/// ```
/// $ session-harness lint Scenarios/
/// 12 files, 0 errors
/// ```
public enum LintCommand: Command {
    public static let name = "lint"
    public static let summary = "Check .scenario files and report every problem"
    public static let help = """
        Usage: session-harness lint PATH...

        Parses and checks scenario files. Each PATH is a file or a folder; folders are
        searched recursively for *.scenario files, in sorted order. Every problem is
        printed to standard error with its file:line:column, the source line and a
        caret; a one-line summary goes to standard output.

        Exit status: 0 when every file is valid, 1 when any has errors, 64 for a
        wrong command line (no paths, or a path that does not exist).

        Options:
          -h, --help   Show this help.
        """

    public static func run(_ arguments: [String], console: Console) async -> ExitStatus {
        var scanner = ArgumentScanner(arguments)
        let paths: [String]
        do {
            paths = try scanner.positionalArguments(knownOptions: ["--help"])
        } catch {
            console.printError("error: \(error.message)\nUsage: session-harness lint PATH...")
            return .usage
        }
        guard !paths.isEmpty else {
            console.printError("error: lint needs at least one file or folder\nUsage: session-harness lint PATH...")
            return .usage
        }
        var files: [String] = []
        for path in paths {
            guard let found = scenarioFiles(at: path) else {
                console.printError("error: no such file or folder: \(path)")
                return .usage
            }
            files += found
        }
        var errorCount = 0
        var warningCount = 0
        var invalidFiles = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                console.printError("error: cannot read \(file)")
                errorCount += 1
                invalidFiles += 1
                continue
            }
            let result = ScenarioParser.parse(String(decoding: data, as: UTF8.self), file: file)
            if !result.diagnostics.isEmpty {
                console.printError(DiagnosticRenderer.render(result.diagnostics))
            }
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            errorCount += errors
            warningCount += result.diagnostics.count - errors
            if errors > 0 { invalidFiles += 1 }
        }
        var summary = quantity(files.count, "file") + ", " + quantity(errorCount, "error")
        if warningCount > 0 { summary += ", " + quantity(warningCount, "warning") }
        console.print(summary)
        return invalidFiles == 0 ? .success : .failure
    }

    /// The file itself, or every `*.scenario` under a folder sorted by path; nil when nothing is there.
    static func scenarioFiles(at path: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return [path] }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        let relative = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        return relative.filter { $0.hasSuffix(".scenario") }.map { base + "/" + $0 }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
