import Testing

/// The `--help` text of the program and of every verb, pinned in `Goldens/help.<verb>.txt`.
@Suite("help text of the built binary")
struct HelpTextTests {
    static let verbs = ["generate", "inspect", "lint", "replay", "run", "serve"]

    @Test("session-harness --help lists every verb")
    func overview() throws {
        let result = try BuiltBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.errors == "")
        HelpGolden.check(result.output, name: "help.txt")
    }

    @Test("each verb's --help", arguments: verbs)
    func verb(_ verb: String) throws {
        let result = try BuiltBinary.run([verb, "--help"])
        #expect(result.status == 0)
        #expect(result.errors == "")
        HelpGolden.check(result.output, name: "help.\(verb).txt")
    }
}
