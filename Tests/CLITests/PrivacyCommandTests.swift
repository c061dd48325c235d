import Foundation
import HarnessCLI
import SessionModel
import _TestSupport
import XCTest

/// `session-harness privacy`, run in-process against the embedded reference server.
final class PrivacyCommandTests: XCTestCase {
    private func run(_ arguments: [String]) async -> (status: ExitStatus, output: String, errors: String) {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(arguments, console: console)
        return (status, console.output, console.errors)
    }

    private var scenario: String { RepositoryFiles.root.appendingPathComponent("Scenarios/shared-computer.scenario").path }

    func testCleanServerPassesAndLeakFaultFailsWithEveryLeakInContext() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("privacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clean = await run(["privacy", scenario])
        XCTAssertEqual(clean.status, .success, clean.output + clean.errors)
        XCTAssertTrue(clean.output.contains("PASS shared-computer  0 leaks, 1 site, 4 of 4 promises held"), clean.output)

        let json = folder.appendingPathComponent("review.json").path, html = folder.appendingPathComponent("review.html").path
        let leaky = await run(["privacy", scenario, "--fault", "leak", "--json", json, "--html", html])
        XCTAssertEqual(leaky.status, .failure, leaky.output)
        let report = try JSONReader.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: json))))
        let leaks = report.arrayValue?.first?["leaks"]?.arrayValue ?? []
        // Raw masking and a server that does no redaction: every planted value is found, each on its capture path.
        XCTAssertEqual(leaks.count, 5, "\(report)")
        for leak in leaks {
            XCTAssertEqual(leak["capturePath"]?.stringValue, "input")
            XCTAssertEqual(leak["context"]?["match"]?.stringValue, leak["canary"]?.stringValue)
            XCTAssertTrue(leak["jsonPath"]?.stringValue?.hasSuffix(".data.text") == true)
        }
        XCTAssertEqual(report.arrayValue?.first?["checks"]?.arrayValue?.first?["outcome"]?.stringValue, "fail")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(page.contains("<mark>") && page.contains("Sites × identifiers") && !page.contains("<script"), page)
    }

    func testUnpartitionedLinkIsShownInTheMatrix() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("privacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("review.html").path
        let result = await run(["privacy", RepositoryFiles.root.appendingPathComponent("Scenarios/two-unrelated-sites.scenario").path, "--fault", "link-token", "--html", html])
        XCTAssertEqual(result.status, .failure, result.output)
        XCTAssertTrue(result.output.contains("unlinkable https://shop.example/account https://news.other/: fail: visits to shop.example and news.other are linkable"), result.output)
        XCTAssertTrue(try String(contentsOfFile: html, encoding: .utf8).contains("● linked"))
    }
}
