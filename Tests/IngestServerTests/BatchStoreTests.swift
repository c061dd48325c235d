import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import IngestServer
import SessionModel
import Testing
import _TestSupport

/// The store keeps only an index in memory and reads batches back from its log: what that must not change.
@Suite("Batch store index")
struct BatchStoreTests {
    @Test("batches are read back from the log, so a record changed behind the server is refused, not served from memory")
    func readsFromTheLog() throws {
        let directory = Fixture.temporaryDirectory()
        let store = try BatchStore(directory: directory)
        #expect(try store.put(Fixture.batch(sequence: 0)) == .stored)
        #expect(try store.put(Fixture.batch(session: "sess-2", sequence: 0)) == .stored)
        let log = directory + "/batches.log"
        // Same length, in place, first record no longer JSON: a store holding batches in memory would not notice.
        let handle = try #require(FileHandle(forUpdatingAtPath: log))
        try handle.write(contentsOf: Data("#".utf8))
        try handle.close()
        #expect(throws: (any Error).self) { _ = try store.batches(ofSession: "sess-1") }
        #expect(try store.batches(ofSession: "sess-2").map(\.sessionId) == ["sess-2"])
    }

    @Test("dedup, counts, visitors and erasure work from the index, and the compacted log replays to the same")
    func indexAnswers() throws {
        let directory = Fixture.temporaryDirectory()
        let store = try BatchStore(directory: directory)
        for sequence in 0..<3 { _ = try store.put(Fixture.batch(sequence: sequence, distinct: "va")) }
        _ = try store.put(Fixture.batch(session: "sess-b", sequence: 0, distinct: "vb"))
        #expect(try store.put(Fixture.batch(sequence: 1, distinct: "va")) == .duplicate)
        #expect(try store.put(Fixture.batch(sequence: 1, distinct: "va", extraEvents: [Fixture.input("x", id: 3, at: 5)])) == .conflict)
        #expect(try store.put(Fixture.batch(sequence: 1, distinct: "va"), force: true) == .stored)
        #expect(store.sessionSummaries().map(\.id) == ["sess-1", "sess-b"])
        #expect(store.sessionSummaries().map(\.batches) == [4, 1])
        let events = try store.batches(ofSession: "sess-1").reduce(0) { $0 + $1.events.count }
        #expect(store.sessionSummaries()[0].events == events)
        #expect(store.sessions(ofVisitor: "vb") == ["sess-b"])
        #expect(try store.erase(visitor: "va") == 4)
        #expect(try store.all().map(\.sessionId) == ["sess-b"])
        #expect(store.sessions(ofVisitor: "va").isEmpty)
        // A put after compaction lands after the kept record, where the index says it is.
        #expect(try store.put(Fixture.batch(session: "sess-c", sequence: 0, distinct: "vc")) == .stored)
        #expect(try store.batches(ofSession: "sess-c").map(\.distinctId) == ["vc"])
        let expected = try store.all().map(\.sessionId)
        store.releaseDirectory()
        #expect(try BatchStore(directory: directory).all().map(\.sessionId) == expected)
    }

    @Test("the log is replayed a chunk at a time: records across chunk ends, and a torn end, come out whole")
    func chunkedReplay() throws {
        let path = Fixture.temporaryDirectory() + ".log"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("ab\ncdefghij\n\nklm\nno".utf8)))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var reader = LogRecordReader(descriptor: fd, path: path, chunkSize: 3)
        var seen: [String] = []
        loop: while true {
            switch try reader.next() {
            case .record(let offset, let bytes): seen.append("\(offset):\(String(decoding: bytes, as: UTF8.self))")
            case .torn(let offset): seen.append("torn@\(offset)"); break loop
            case .end: seen.append("end"); break loop
            }
        }
        #expect(seen == ["0:ab", "3:cdefghij", "12:", "13:klm", "torn@17"])
    }
}
