import Foundation
import HarnessCLI
import Testing

/// `run` options that contradict each other are usage errors, never one silently ignored.
@Suite("run option conflicts")
struct RunOptionConflictTests {
    @Test("--config with --adapter naming another adapter is a usage error naming both",
          arguments: ["posthog", "reference", "sentry"])
    func configWithAnotherAdapter(_ adapter: String) async {
        let console = Console.capturing()
        let status = await SessionHarnessCommand.main(["run", "--adapter", adapter, "--config", "site.json", "--endpoint", "http://127.0.0.1:9/"], console: console)
        #expect(status == .usage)
        #expect(console.errors.hasPrefix("error: --config site.json configures the generic adapter, but --adapter names '\(adapter)'; drop one of them"), "\(console.errors)")
    }

    @Test("--adapter generic with --config passes the conflict check")
    func configWithGenericAdapter() async {
        let console = Console.capturing()
        _ = await SessionHarnessCommand.main(["run", "--adapter", "generic", "--config", "/nonexistent/site.json", "--endpoint", "http://127.0.0.1:9/", "/nonexistent/folder"], console: console)
        #expect(!console.errors.contains("configures the generic adapter"), "\(console.errors)")
    }
}
