import SessionModel
import _TestSupport
import Testing

@Suite("Recording decoder")
struct RecordingDecoderTests {
    static let sample = #"""
        [{"type":4,"data":{"href":"https://shop.example/","width":1280,"height":800},"timestamp":1700000000000},
         {"type":2,"data":{"node":{"type":0,"childNodes":[{"type":2,"tagName":"p","attributes":{"title":"a]b,c"},"childNodes":[{"type":3,"textContent":"[{\"}","id":3}],"id":2}],"id":1},"initialOffset":{"top":0,"left":0}},"timestamp":1700000000001},
         {"type":3,"data":{"source":1,"positions":[{"x":10.5,"y":20,"id":2,"timeOffset":-40}]},"timestamp":1700000000050} ,
         {"type":5,"data":{"tag":"redux","payload":{"action":{"type":"cart/add"},"state":[1,2]}},"timestamp":1700000000060}
        ]
        """#

    /// Feeds `bytes` in pieces of `size` and collects every item.
    static func decode(_ bytes: [UInt8], chunkSize size: Int) -> [RecordingDecoder.Item] {
        var decoder = RecordingDecoder()
        var items: [RecordingDecoder.Item] = []
        var start = 0
        while start < bytes.count {
            items += decoder.feed(Array(bytes[start..<min(start + size, bytes.count)]))
            start += size
        }
        return items + decoder.finish()
    }

    static func events(_ items: [RecordingDecoder.Item]) throws -> [Event] {
        try items.map { try $0.result.get() }
    }

    @Test("gives the same events whole, byte by byte and in odd chunks")
    func chunking() throws {
        let bytes = Array(Self.sample.utf8)
        let whole = try RecordingDecoder.decode(bytes)
        #expect(whole.count == 4)
        for size in [1, 2, 3, 7, 64, 4096] {
            #expect(try Self.events(Self.decode(bytes, chunkSize: size)) == whole, "chunk size \(size)")
        }
    }

    @Test("reads NDJSON, concatenated values and batch lines alike")
    func sequences() throws {
        let events = try RecordingDecoder.decode(Array(Self.sample.utf8))
        let lines = RecordingEncoder.encodeLines(events)
        #expect(try RecordingDecoder.decode(lines) == events)
        // Concatenated without newlines, with CRLF, and as two batch arrays on two lines.
        let concatenated: [UInt8] = events.flatMap { $0.canonicalBytes }
        #expect(try RecordingDecoder.decode(concatenated) == events)
        let crlf: [UInt8] = events.flatMap { $0.canonicalBytes + [0x0D, 0x0A] }
        #expect(try RecordingDecoder.decode(crlf) == events)
        let batches = RecordingEncoder.encodeArray(Array(events[0..<2])) + [0x0A] + RecordingEncoder.encodeArray(Array(events[2...]))
        #expect(try RecordingDecoder.decode(batches) == events)
        for size in [1, 5, 33] {
            #expect(try Self.events(Self.decode(lines + lines, chunkSize: size)) == events + events)
        }
    }

    @Test("names the event index and JSON path of a broken event, then goes on")
    func brokenEvent() {
        let text = #"[{"type":4,"data":{"href":"a","width":1,"height":1}},{"type":3,"data":{"source":0,"adds":[{"parentId":1,"nextId":null,"node":{"type":2,"tagName":"p"}}]}},{"type":5,"data":{"tag":"ok","payload":1}}]"#
        let items = Self.decode(Array(text.utf8), chunkSize: 1)
        #expect(items.count == 3)
        #expect(items[1].result.failureDescription == #"event 1 (.data.adds[0].node): missing member "id""#)
        #expect((try? items[2].result.get())?.type == .custom)
    }

    @Test("names line, column and event of a syntax error inside an event")
    func syntaxError() {
        let text = "[\n{\"type\":5,\"data\":{}},\n{\"type\":5,\"data\":{\"tag\":\"x\",\"payload\":[1,}}\n]"
        let items = Self.decode(Array(text.utf8), chunkSize: 3)
        #expect(items.map(\.index) == [0, 1])
        #expect(items[1].result.failureDescription == "line 3, column 42 (byte 65), event 1 (.data.payload[1]): unexpected character '}', expected a value")
    }

    @Test("a recording cut short mid-event fails with the event's start", arguments: [1, 4096])
    func truncated(chunkSize: Int) {
        let bytes = Array(Self.sample.utf8)
        let cut = Array(bytes.prefix(bytes.count - 40))
        let items = Self.decode(cut, chunkSize: chunkSize)
        #expect(items.count == 4)
        #expect(items[3].result.failureDescription == "line 4, column 2 (byte 463), event 3: unexpected end of input inside the value that starts here")
    }

    @Test("an NDJSON line cut short in the middle of a file loses only itself: the lines after it are still events", arguments: [1, 7, 4096])
    func lineCutShort(chunkSize: Int) throws {
        let events = try RecordingDecoder.decode(Array(Self.sample.utf8))
        let lines = RecordingEncoder.encodeLines(events).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        // The second line loses its end, as when a writer died mid-event; so does the third, inside a string.
        let cutInValue = Array(lines[1].prefix(60))
        let cutInString = Array(lines[2].prefix(lines[2].count - 20)) + Array(#""tail"#.utf8)
        let text = lines[0] + [0x0A] + cutInValue + [0x0A] + cutInString + [0x0A] + lines[3] + [0x0A]
        let items = Self.decode(text, chunkSize: chunkSize)
        #expect(items.map(\.index) == [0, 1, 2, 3])
        #expect(try items[0].result.get() == events[0])
        // Each is reported on its own line, under its own number.
        for (index, line) in [(1, 2), (2, 3)] {
            let description = items[index].result.failureDescription ?? "decoded"
            #expect(description.hasPrefix("line \(line),") && description.contains("event \(index)"), "\(description)")
        }
        #expect(try items[3].result.get() == events[3])
    }

    @Test("pretty-printed values one after another are never cut, wherever their brackets fall")
    func prettySequenceIsNotCut() throws {
        let events = try RecordingDecoder.decode(Array(Self.sample.utf8))
        // Each value pretty-printed, then with every line's indentation removed, so nested `{` start lines.
        var pretty: [UInt8] = []
        for event in events { pretty += RecordingEncoder.encodeArray([event], style: .pretty).dropFirst().dropLast() + [0x0A] }
        let lines: [Substring] = String(decoding: pretty, as: UTF8.self).split(separator: "\n")
        let flush = lines.map { line in String(line.drop { $0 == " " }) }.joined(separator: "\n")
        #expect(flush.contains("[\n{"))
        for size in [1, 5, 4096] {
            #expect(try Self.events(Self.decode(Array(flush.utf8), chunkSize: size)) == events, "chunk size \(size)")
        }
    }

    @Test("an array that is never closed is reported")
    func unclosedArray() {
        let items = Self.decode(Array(#"[{"type":1,"data":{}}, "#.utf8), chunkSize: 4)
        #expect(items.last?.result.failureDescription == "line 1, column 1 (byte 0), event 1: unexpected end of input: no ']' closes the array that starts here")
    }

    @Test("rejects framing errors: trailing comma, garbage after the array, missing comma", arguments: [
        (#"[{"type":1,"data":{}},]"#, "line 1, column 23 (byte 22), event 1: expected a value after ',' but found ']'"),
        (#"[{"type":1,"data":{}}] x"#, "line 1, column 24 (byte 23), event 1: unexpected data after the end of the array"),
        (#"[{"type":1,"data":{}} {"type":1}]"#, "line 1, column 23 (byte 22), event 1: expected ',' or ']' between values"),
        (#"{"type":1,"data":{}}, {"type":1}"#, "line 1, column 21 (byte 20), event 1: unexpected ',' between top-level values"),
    ])
    func framing(_ input: String, _ expected: String) {
        let items = Self.decode(Array(input.utf8), chunkSize: 1)
        #expect(items.last?.result.failureDescription == expected)
    }

    @Test("events of unknown types and unknown members survive a round trip")
    func unknownsKept() throws {
        let text = #"[{"type":42,"data":{"what":[1]},"timestamp":5,"sessionId":"s"},{"type":3,"data":{"source":99,"z":true},"cv":"2024-10"},{"type":3,"data":{"source":0,"adds":[],"removes":[],"texts":[],"attributes":[{"id":1,"attributes":{"style":{"color":"red","margin":false},"x":null}}],"future":1}}]"#
        let events = try RecordingDecoder.decode(Array(text.utf8))
        #expect(events[0].type == EventType(rawValue: 42))
        #expect(events[1].data.incrementalSource == IncrementalSource(rawValue: 99))
        #expect(try JSONReader.parse(RecordingEncoder.encodeArray(events)) == JSONReader.parse(text))
    }
}

extension Result where Failure == RecordingError {
    var failureDescription: String? {
        if case .failure(let error) = self { return error.description }
        return nil
    }
}
