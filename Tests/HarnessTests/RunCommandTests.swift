import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HarnessCLI
import SessionModel
import Testing
import _TestSupport

/// `session-harness run` as a user runs it: summary table, exit status, JSON and JUnit reports.
@Suite("run verb")
struct RunCommandTests {

    @Test("runs scenarios, prints a summary table and writes JSON and JUnit XML")
    func reports() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-verb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("results.json").path
        let junit = folder.appendingPathComponent("results.xml").path
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main([
            "run", ScenarioRunTests.scenarioFile("js-errors"), ScenarioRunTests.scenarioFile("redux-cart"),
            "--golden", RepositoryFiles.goldens.path, "--record", "never", "--json", json, "--junit", junit,
        ], console: console)
        #expect(status == .success, "\(console.output)\(console.errors)")
        #expect(console.output.contains("[1/2] PASS js-errors"))
        #expect(console.output.contains("2 of 2 scenarios passed"))

        let results = try JSONReader.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: json))))
        #expect(results["passed"] == true)
        #expect(results["scenarios"]?.arrayValue?.map { $0["golden"]?.stringValue } == ["js-errors", "redux-cart"])

        // The structure CI systems read: <testsuites><testsuite tests failures><testcase name classname time/>.
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: junit))
        let suites = try document.nodes(forXPath: "/testsuites/testsuite") as? [XMLElement] ?? []
        #expect(suites.count == 1)
        #expect(suites.first?.attribute(forName: "tests")?.stringValue == "2")
        #expect(suites.first?.attribute(forName: "failures")?.stringValue == "0")
        let cases = try document.nodes(forXPath: "/testsuites/testsuite/testcase") as? [XMLElement] ?? []
        #expect(cases.compactMap { $0.attribute(forName: "name")?.stringValue } == ["js-errors", "redux-cart"])
        #expect(cases.allSatisfy { $0.attribute(forName: "classname") != nil && $0.attribute(forName: "time") != nil })
    }

    @Test("a failing scenario exits 1 and puts its reasons in a JUnit failure element")
    func failure() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-verb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("results.xml").path
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main([
            "run", ScenarioRunTests.scenarioFile("js-errors"), "--fault", "drop=1",
            "--golden", RepositoryFiles.goldens.path, "--record", "never", "--junit", junit,
        ], console: console)
        #expect(status == .failure)
        #expect(console.output.contains("[1/1] FAIL js-errors"))
        #expect(console.output.contains("0 of 1 scenario passed, 1 failed"))
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: junit))
        let failures = try document.nodes(forXPath: "/testsuites/testsuite/testcase/failure") as? [XMLElement] ?? []
        #expect(!failures.isEmpty)
        #expect(failures.first?.attribute(forName: "message")?.stringValue?.contains("lost") == true)
    }

    @Test("usage errors exit 64 with the reason", arguments: [
        (["run", "--adapter", "posthog"], "error: --adapter and --config need --endpoint; without an endpoint the embedded reference server is used"),
        (["run", "--endpoint", "ftp://x"], "error: --endpoint takes an http or https URL, not 'ftp://x'"),
        (["run", "--fault", "dorp"], "error: unknown fault 'dorp'; did you mean 'drop'? known: drop, duplicate, reorder, delay, 5xx, 429, lose-ack, leak, link, link-ip, link-token, ignore-erasure"),
        (["run", "--seed", "-1"], "error: --seed takes a whole number from 0 to 18446744073709551615, not '-1'"),
        (["run", "--recrod", "all"], "error: unknown option '--recrod'; did you mean '--record'?"),
        (["run", "/nonexistent/folder"], "error: no such file or folder: /nonexistent/folder"),
    ])
    func usage(_ arguments: [String], _ message: String) async {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(arguments, console: console)
        #expect(status == .usage)
        #expect(console.errors.hasPrefix(message), "\(console.errors)")
    }
}

/// The JUnit XML of a run validates against the schema CI systems read (`Tests/Schemas/junit.xsd`), with xmllint.
///
/// xmllint comes from Debian's libxml2-utils, which `.ci/run` installs; elsewhere the test skips without it.
@Suite("JUnit schema", .enabled(if: XMLLint.path != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                                "skipped: xmllint not found (apt-get install libxml2-utils)"))
struct JUnitSchemaTests {
    /// Runs xmllint on `file`; returns its exit status and what it printed.
    static func validate(_ file: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(XMLLint.path, "xmllint is required under CI"))
        process.arguments = ["--noout", "--schema", RepositoryFiles.root.appendingPathComponent("Tests/Schemas/junit.xsd").path, file]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test("passing and failing runs both produce valid JUnit; a broken file does not validate", arguments: [[String](), ["--fault", "drop=1"]])
    func validates(_ extra: [String]) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("results.xml").path
        _ = await SessionHarnessCommand.main(["run", ScenarioRunTests.scenarioFile("js-errors"), ScenarioRunTests.scenarioFile("redux-cart"),
                                              "--golden", RepositoryFiles.goldens.path, "--record", "never",
                                              "--junit", junit] + extra, console: .capturing())
        let valid = try Self.validate(junit)
        #expect(valid.status == 0, "\(valid.output)")
        // The check can fail: the same file without a required attribute is rejected.
        let broken = folder.appendingPathComponent("broken.xml").path
        try String(contentsOfFile: junit, encoding: .utf8).replacingOccurrences(of: " classname=\"scenarios\"", with: "")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let invalid = try Self.validate(broken)
        #expect(invalid.status != 0)
        #expect(invalid.output.contains("The attribute 'classname' is required but missing"))
    }
}

/// Where xmllint is installed, if it is.
enum XMLLint {
    static let path: String? = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }
}
