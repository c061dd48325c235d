import HarnessCLI
import Testing

@Suite("serve verb")
struct ServeCommandTests {
    @Test("usage errors exit 64 with the reason", arguments: [
        (["serve", "--fault", "dorp"], "error: unknown fault 'dorp'; did you mean 'drop'? known: drop, duplicate, reorder, delay, 5xx, 429, lose-ack, leak, link, link-ip, link-token, ignore-erasure"),
        (["serve", "--fault", "drop=2"], "error: fault 'drop' takes a rate from 0 to 1, not '2'"),
        (["serve", "--port", "70000"], "error: --port takes a whole number from 0 to 65535, not '70000'"),
        (["serve", "--prot", "1"], "error: unknown option '--prot'; did you mean '--port'?"),
    ])
    func usage(_ arguments: [String], _ message: String) async {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(arguments, console: console)
        #expect(status == .usage)
        #expect(console.errors.hasPrefix(message + "\n"), "\(console.errors)")
    }

    @Test("serve is listed in the help")
    func listed() async {
        let console = Console.capturing()
        _ = await SessionHarnessCommand.main(["--help"], console: console)
        #expect(console.output.contains("serve"))
    }
}
