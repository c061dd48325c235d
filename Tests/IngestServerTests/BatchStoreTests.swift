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

/// The index's per-batch part lives in an unnamed file and its chains: what read-back and dedup must still answer.
@Suite("Batch store location file")
struct BatchLocationFileTests {
    @Test("out-of-order sequences across windows read back in storage order, and dedup finds each one")
    func outOfOrderStreams() throws {
        let store = try BatchStore(directory: Fixture.temporaryDirectory())
        let order = [(5, "w1"), (0, "w2"), (2, "w1"), (1, "w2"), (9, "w1"), (0, "w1")]
        for (sequence, window) in order { #expect(try store.put(Fixture.batch(window: window, sequence: sequence)) == .stored) }
        #expect(try store.batches(ofSession: "sess-1").map { "\($0.windowId):\($0.sequence)" } == order.map { "\($1):\($0)" })
        for (sequence, window) in order { #expect(try store.put(Fixture.batch(window: window, sequence: sequence)) == .duplicate) }
        #expect(try store.put(Fixture.batch(window: "w1", sequence: 3)) == .stored)
        #expect(try store.put(Fixture.batch(window: "w3", sequence: 5)) == .stored)
    }

    @Test("a forced copy does not replace the first batch dedup compares with, before and after a restart")
    func forcedCopyKeepsTheFirst() throws {
        let directory = Fixture.temporaryDirectory()
        var store = try BatchStore(directory: directory)
        let first = Fixture.batch(sequence: 1)
        let different = Fixture.batch(sequence: 1, extraEvents: [Fixture.input("x", id: 3, at: 5)])
        #expect(try store.put(first) == .stored)
        #expect(try store.put(different, force: true) == .stored)
        #expect(try store.put(Fixture.batch(sequence: 2)) == .stored)
        #expect(try store.put(first) == .duplicate)
        #expect(try store.put(different) == .conflict)
        store.releaseDirectory()
        store = try BatchStore(directory: directory)
        #expect(try store.put(first) == .duplicate)
        #expect(try store.put(different) == .conflict)
        #expect(store.sessionSummaries().map(\.batches) == [3])
    }

    @Test("the location file has no name in the data directory, so nothing can change or read it there")
    func locationFileIsUnnamed() throws {
        let directory = Fixture.temporaryDirectory()
        let store = try BatchStore(directory: directory)
        for sequence in 0..<3 { _ = try store.put(Fixture.batch(sequence: sequence)) }
        _ = try store.erase(visitor: "nobody")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["batches.log", "lock"])
        #expect(try store.batches(ofSession: "sess-1").count == 3)
    }

    @Test("an erasure logged by an older version is replayed: kept records keep their offsets and read back")
    func legacyEraseRecord() throws {
        let directory = Fixture.temporaryDirectory()
        var store = try BatchStore(directory: directory)
        _ = try store.put(Fixture.batch(sequence: 0, distinct: "va"))
        _ = try store.put(Fixture.batch(session: "sess-b", sequence: 0, distinct: "vb"))
        store.releaseDirectory()
        let log = try #require(FileHandle(forUpdatingAtPath: directory + "/batches.log"))
        try log.seekToEnd()
        try log.write(contentsOf: Data(#"{"op":"erase","visitor":"va"}"#.utf8 + [10]))
        try log.close()
        store = try BatchStore(directory: directory)
        #expect(try store.all().map(\.sessionId) == ["sess-b"])
        #expect(store.sessions(ofVisitor: "va").isEmpty)
        #expect(try store.put(Fixture.batch(session: "sess-c", sequence: 0, distinct: "vc")) == .stored)
        #expect(try store.all().map(\.sessionId) == ["sess-b", "sess-c"])
    }
}
