import Foundation
@testable import IngestServer
import _TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// One reference server the `server` fuzz target talks to over loopback, started on first use.
final class FuzzServer: Sendable {
    static let shared = FuzzServer()

    let server: ReferenceServer

    private init() {
        var configuration = ReferenceServer.Configuration(dataDirectory: Fixture.temporaryDirectory("fuzz-server"))
        configuration.limits.readTimeoutSeconds = 0.2
        configuration.limits.headerDeadlineSeconds = 0.5
        configuration.limits.requestDeadlineSeconds = 0.5
        configuration.quota = StorageQuota(maximumSessionBytes: 1 << 20, maximumTotalBytes: 16 << 20)
        server = try! ReferenceServer.start(configuration)
    }

    /// Sends `bytes` as everything a client says, reads until the server closes, then checks it still answers.
    func exchange(_ bytes: [UInt8]) {
        guard let client = try? RawClient(port: server.port, timeoutSeconds: 2) else { fatalError("fuzz server stopped accepting") }
        client.send(bytes)
        _ = Glibc.shutdown(client.descriptor, Int32(SHUT_WR))
        while client.readResponse() != nil {}
        client.close()
    }
}
