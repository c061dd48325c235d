import Foundation
import ScenarioLanguage
import SessionModel

/// `session-harness lint`: parses and checks `.scenario` files and reports every problem.
///
/// ```
/// $ session-harness lint Scenarios/
/// 12 files, 0 errors
/// ```
enum LintCommand: Command {
    static let name = "lint"
    static let summary = "Check .scenario files and report every problem"
    static let positionals = "PATH..."
    static let options: [OptionDeclaration] = []
    static let about = """
        Parses and checks scenario files. Each PATH is a file or a folder; folders are
        searched recursively for *.scenario files, in sorted order. Every problem is
        printed to standard error with its file:line:column, the source line and a
        caret; a one-line summary goes to standard output.
        """
    static let epilogue = """
        Exit status: 0 when every file is valid, 1 when any has errors, 64 for a
        wrong command line (no paths, a path that does not exist, or a folder
        with no .scenario files).
        """

    static func run(_ arguments: ParsedArguments, console: Console) async throws(CommandError) -> ExitStatus {
        let paths = arguments.positionals
        guard !paths.isEmpty else { throw .usage("lint needs at least one file or folder") }
        var files: [String] = []
        for path in paths {
            files += try scenarioFiles(at: path)
        }
        var errorCount = 0
        var warningCount = 0
        var invalidFiles = 0
        for file in files {
            let data: [UInt8]
            do throws(FileFailure) {
                data = try InputFile.read(file, limit: InputFile.textLimit, what: "a scenario")
            } catch {
                console.printError("error: cannot read \(file): \(error.reason)")
                errorCount += 1
                invalidFiles += 1
                continue
            }
            let text: String
            switch ScenarioSource.text(from: data, file: file) {
            case .success(let decoded): text = decoded
            case .failure(let invalid):
                console.printError(DiagnosticRenderer.render(invalid.diagnostics))
                errorCount += 1
                invalidFiles += 1
                continue
            }
            let result = ScenarioParser.parse(text, file: file)
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

    /// The file itself, or every `*.scenario` under a folder sorted by path; a usage error when nothing is there.
    static func scenarioFiles(at path: String) throws(CommandError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .usage("no such file or folder: \(ControlCharacters.escaped(path))")
        }
        guard isDirectory.boolValue else { return [path] }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        let relative = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        let files = relative.filter { $0.hasSuffix(".scenario") }.map { base + "/" + $0 }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        // lint, run and generate all read scenarios through here, so an empty folder is the same usage error in each.
        guard !files.isEmpty else { throw .usage("no .scenario files in \(ControlCharacters.escaped(path))") }
        return files
    }
}
