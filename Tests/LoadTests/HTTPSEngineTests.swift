import _TestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Load
import Testing

/// The `https://` engine (URLSession) runs a whole load and sorts TLS failures into their own kind.
///
/// URLSession on Linux verifies against the system's trust store only: it
/// cannot be pointed at a private CA (swift-corelibs-foundation reads
/// `URLSessionCertificateAuthorityInfoFile` on Android only, and libcurl
/// ignores `SSL_CERT_FILE`), so a test endpoint's self-signed certificate is
/// refused, as it would be for any user. These tests hold the engine to
/// counting every request and naming the failure `tls_error`.
@Suite struct HTTPSEngineTests {
    @Test func httpsToAPlainHTTPPortIsATLSErrorForEveryRequest() async throws {
        let endpoint = try HostileEndpoint(.answer(status: 200, headers: [:], body: #"{"status":"stored"}"#))
        defer { endpoint.stop() }
        let url = try #require(URL(string: "https://127.0.0.1:\(endpoint.url.port!)/ingest"))
        let report = try await Self.shortRun(url)
        #expect(report.requests.sent == 5)
        #expect(report.requests.failures == ["tls_error": 5], "\(report.requests.failures)")
        #expect(report.requests.acknowledged == 0)
    }

    @Test(.enabled(if: SelfSignedTLSEndpoint.toolsPresent, "needs python3 and openssl on PATH to make a TLS endpoint"))
    func anUntrustedCertificateIsATLSErrorForEveryRequest() async throws {
        let endpoint = try SelfSignedTLSEndpoint()
        defer { endpoint.stop() }
        let report = try await Self.shortRun(endpoint.url)
        #expect(report.requests.sent == 5)
        #expect(report.requests.failures == ["tls_error": 5], "\(report.requests.failures)")
        #expect(endpoint.handshakesRefused, "the endpoint saw the client give up on its certificate")
    }

    /// Five requests over one second, with a deadline well inside the test's patience.
    static func shortRun(_ url: URL) async throws -> LoadReport {
        var run = LoadRun(endpoint: url, source: FixedBodySource(bodyBytes: 64, endpoint: url), schedule: .constant(perSecond: 5),
                          durationMicroseconds: 1_000_000)
        run.timeoutSeconds = 5
        run.drainMicroseconds = 5_000_000
        return try await run.execute()
    }
}

/// A Python HTTPS server with a certificate made by `openssl req` for this test alone.
private final class SelfSignedTLSEndpoint {
    static var toolsPresent: Bool {
        ["python3", "openssl"].allSatisfy { tool in
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
                FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
            }
        }
    }

    let url: URL
    private let process: Process
    private let folder: String

    init() throws {
        folder = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", folder + "/key.pem", "-out", folder + "/cert.pem"]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try Self.script.write(toFile: folder + "/server.py", atomically: true, encoding: .utf8)
        (process, url) = try ListeningProcess.start(URL(fileURLWithPath: "/usr/bin/env"), ["python3", folder + "/server.py", folder])
    }

    /// Whether the server logged a handshake the client abandoned (an alert about the certificate).
    var handshakesRefused: Bool {
        ((try? String(contentsOfFile: folder + "/handshakes.log", encoding: .utf8)) ?? "").contains("refused")
    }

    /// Kills the server (as the other Python test servers are stopped: a threading server may not stop on SIGTERM).
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static let script = """
        import http.server, ssl, sys
        folder = sys.argv[1]
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                body = b'{"status":"stored"}'
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *arguments):
                pass
        class Server(http.server.ThreadingHTTPServer):
            def get_request(self):
                try:
                    return super().get_request()
                except ssl.SSLError:
                    with open(folder + "/handshakes.log", "a") as log:
                        log.write("refused\\n")
                    raise
        server = Server(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder + "/cert.pem", folder + "/key.pem")
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print("listening on https://127.0.0.1:%d/ingest" % server.server_address[1], flush=True)
        server.serve_forever()
        """
}
