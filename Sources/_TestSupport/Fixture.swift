import Foundation
import IngestServer
import SessionModel
#if canImport(Glibc)
import Glibc
#endif

/// Hand-built batches, temporary folders and reference servers, shared by the ingest, server and check tests.
package enum Fixture {
    package static let start: Int64 = 1_700_000_000_000

    package static func meta(_ href: String, at offset: Int64) -> Event {
        Event(timestamp: start + offset, data: .meta(Meta(href: href, width: 1280, height: 800)))
    }

    package static func custom(_ tag: String, _ payload: JSONValue, at offset: Int64) -> Event {
        Event(timestamp: start + offset, data: .custom(CustomEvent(tag: tag, payload: payload)))
    }

    package static func input(_ text: String, id: Int, at offset: Int64) -> Event {
        try! Event(json: ["type": 3, "timestamp": .integer(start + offset), "data": ["source": 5, "id": .integer(Int64(id)), "text": .string(text), "isChecked": false]])
    }

    /// One batch of a session with a few distinctive events.
    package static func batch(session: String = "sess-1", window: String = "win-1", page: String = "page-1", sequence: Int,
                      distinct: String = "visitor-1", origin: String = "https://shop.example", extraEvents: [Event] = []) -> UploadBatch {
        let base = Int64(sequence) * 1000
        var events = [
            meta("\(origin)/p/\(page)", at: base),
            custom("step", ["session": .string(session), "sequence": .integer(Int64(sequence))], at: base + 10),
        ]
        events += extraEvents
        return UploadBatch(sessionId: session, windowId: window, pageId: page, sequence: sequence, distinctId: distinct, origin: origin, events: events)
    }

    /// `count` batches of one session, over two pages.
    package static func session(_ id: String = "sess-1", count: Int = 4, distinct: String = "visitor-1", origin: String = "https://shop.example") -> [UploadBatch] {
        (0..<count).map {
            batch(session: id, window: "win-\(id)", page: $0 < count / 2 ? "\(id)-page-1" : "\(id)-page-2", sequence: $0, distinct: distinct, origin: origin)
        }
    }

    package static func temporaryDirectory(_ name: String = #function) -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "ingest-tests-\(safe)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    package static func server(faults: [FaultMode] = [], ingestToken: String? = nil, readToken: String? = nil,
                       configure: (inout ReferenceServer.Configuration) -> Void = { _ in }) throws -> ReferenceServer {
        var configuration = ReferenceServer.Configuration(dataDirectory: temporaryDirectory(), ingestToken: ingestToken, readToken: readToken, faults: faults)
        configure(&configuration)
        return try ReferenceServer.start(configuration)
    }
}
