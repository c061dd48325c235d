import HarnessCLI

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

let status = await SessionHarnessCommand.main(Array(CommandLine.arguments.dropFirst()), console: .process())
exit(status.rawValue)
