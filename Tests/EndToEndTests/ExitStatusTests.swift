import Foundation
import Testing
import _TestSupport

/// The exit statuses of the built binary: 0 pass, 1 failed checks, 64 usage, 69 endpoint unavailable.
@Suite("exit statuses of the built binary")
struct ExitStatusTests {
    @Test("an unknown verb exits 64 and suggests the nearest")
    func unknownVerb() throws {
        let result = try BuiltBinary.run(["inspekt", "x.json"])
        #expect(result.status == 64)
        #expect(result.output == "")
        #expect(result.errors == """
            error: unknown verb 'inspekt'; did you mean 'inspect'?
            Run 'session-harness --help' for the list of verbs.

            """)
    }

    @Test("an unknown option exits 64, suggests the nearest and shows the usage")
    func unknownOption() throws {
        let result = try BuiltBinary.run(["inspect", "--jsn", "x.json"])
        #expect(result.status == 64)
        #expect(result.output == "")
        #expect(result.errors == """
            error: unknown option '--jsn'; did you mean '--json'?
            Usage: session-harness inspect FILE... [--json FILE]

            """)
        let typo = try BuiltBinary.run(["generate", "Scenarios", "--outptu", "out"])
        #expect(typo.status == 64)
        #expect(typo.errors.hasPrefix("error: unknown option '--outptu'; did you mean '--output'?\nUsage: session-harness generate"))
    }

    @Test("a single-valued option given twice exits 64")
    func repeatedOption() throws {
        let result = try BuiltBinary.run(["run", "--seed", "1", "--seed", "2"])
        #expect(result.status == 64)
        #expect(result.errors.hasPrefix("error: --seed given twice\nUsage: session-harness run"))
    }

    @Test("lint on a valid scenario exits 0")
    func lintValid() throws {
        let result = try BuiltBinary.run(["lint", "Scenarios/js-errors.scenario"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == "1 file, 0 errors\n")
    }

    @Test("inspect on a broken recording exits 1")
    func inspectBroken() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).json")
        try Data(#"[{"type":4,"data":{"href":"https://a.example/","width":800,"height":600},"timestamp":1},{"type":3,"da"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try BuiltBinary.run(["inspect", file.path])
        #expect(result.status == 1)
        #expect(result.output.contains("problem"), "\(result.output)")
    }

    @Test("inspect of a missing file says why in words, not as a Foundation error")
    func inspectMissing() throws {
        let result = try BuiltBinary.run(["inspect", "/nonexistent/recording.json"])
        #expect(result.status == 1)
        #expect(result.errors == "error: cannot read /nonexistent/recording.json: folder /nonexistent does not exist\n")
    }

    @Test("run against an endpoint that refuses connections exits 69 within seconds, in words")
    func refusedEndpoint() throws {
        let result = try BuiltBinary.run(["run", "Scenarios/js-errors.scenario", "--endpoint", "http://127.0.0.1:9", "--adapter", "reference"])
        #expect(result.status == 69)
        #expect(result.errors == "error: cannot reach the endpoint http://127.0.0.1:9: connection refused\n")
        #expect(result.seconds < 5)
    }
}
