import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `scripts/real-targets.sh start` wrote to `.real-targets/env` (or the file `REAL_TARGETS_ENV` names).
///
/// Tests that need django-rrweb or bugsink are enabled only when both answer,
/// and skip with `skipMessage` otherwise; `.ci/run` sets `REAL_TARGETS_REQUIRED`
/// so that in CI their absence is a failure instead.
package enum RealTargets {
    package static let skipMessage = "skipped: real targets not running; run scripts/real-targets.sh start"

    /// The `KEY=VALUE` lines of the env file, or nil when there is none.
    package static let values: [String: String]? = {
        let path = ProcessInfo.processInfo.environment["REAL_TARGETS_ENV"]
            ?? RepositoryFiles.root.appendingPathComponent(".real-targets/env").path
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }()

    /// Whether both targets accept connections.
    package static var available: Bool {
        guard let values, let rrweb = values["RRWEB_URL"], let bugsink = values["BUGSINK_URL"] else { return false }
        return answers(rrweb) && answers(bugsink)
    }

    /// Whether something accepts a TCP connection at `url`'s loopback port.
    package static func answers(_ url: String) -> Bool {
        guard let port = URL(string: url)?.port, let port16 = UInt16(exactly: port) else { return false }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port16.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }

    /// A suffix that keeps this run's sessions apart from earlier runs' in the targets' databases.
    package static let runId = String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36) + String(getpid(), radix: 36)
}
