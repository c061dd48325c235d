@testable import SessionModel
import _TestSupport
import Testing

/// Events encoded once with `EventListEncoder` make the same recordings, compact and pretty, alone or joined, as encoding them whole.
@Suite("Recordings from events encoded once")
struct EncodedPartsTests {
    /// The events split into `parts` encoded arrays (some of them empty), as windows hold them.
    static func encodedArrays(_ events: [Event], parts: Int) -> [EncodedJSON] {
        var encoders = Array(repeating: EventListEncoder(), count: parts + 1)
        for (offset, event) in events.enumerated() {
            let size = encoders[offset * parts / max(events.count, 1)].append(event)
            #expect(size == event.canonicalBytes.count, "event \(offset)")
        }
        return encoders.map { $0.finished() }
    }

    @Test("match encodeArray on generated sessions", arguments: [1, 3, 7])
    func generated(parts: Int) {
        for seed in 1...10 {
            var generator = RRWebStreamGenerator(seed: UInt64(seed))
            let events = generator.events(count: 200)
            let arrays = Self.encodedArrays(events, parts: parts)
            #expect(RecordingEncoder.concatenate(arrays) == RecordingEncoder.encodeArray(events), "seed \(seed)")
            #expect(RecordingEncoder.concatenate(arrays, style: .pretty) == RecordingEncoder.encodeArray(events, style: .pretty), "seed \(seed)")
            let whole = Self.encodedArrays(events, parts: 1)[0]
            #expect(RecordingEncoder.concatenate([whole], style: .pretty) == RecordingEncoder.encodeArray(events, style: .pretty), "seed \(seed)")
        }
    }

    @Test("an event with its data encoded before encodes the same")
    func encodedData() {
        var generator = RRWebStreamGenerator(seed: 5)
        let events = generator.events(count: 300)
        var plain = EventListEncoder(), reusing = EventListEncoder()
        for (offset, event) in events.enumerated() {
            let expected = plain.append(event)
            #expect(reusing.append(event, encodedData: EventListEncoder.encode(event.data)) == expected, "event \(offset)")
        }
        #expect(reusing.finished().bytes == plain.finished().bytes)
    }

    @Test("no events give an empty array")
    func empty() {
        #expect(EventListEncoder().finished().bytes == Array("[]".utf8))
        #expect(RecordingEncoder.concatenate([]) == Array("[]".utf8))
        #expect(RecordingEncoder.concatenate([EventListEncoder().finished(), EventListEncoder().finished()], style: .pretty) == RecordingEncoder.encodeArray([], style: .pretty))
    }

    @Test("a writer and its copies each keep their own bytes")
    func copies() {
        var first = JSONWriter()
        first.beginArray()
        first.nextElement(); first.write(1)
        var second = first
        first.nextElement(); first.write("a")
        second.nextElement(); second.write(true)
        var third = second
        third.endArray()
        second.nextElement(); second.writeNull()
        first.endArray(); second.endArray()
        #expect(String(decoding: first.bytes, as: UTF8.self) == #"[1,"a"]"#)
        #expect(String(decoding: second.bytes, as: UTF8.self) == "[1,true,null]")
        #expect(String(decoding: third.bytes, as: UTF8.self) == "[1,true]")
    }

    @Test("finished text is the writer's text, read in place or copied, and a copy of the writer that goes on writing changes none of it")
    func finishedText() {
        var writer = JSONWriter()
        writer.beginArray()
        writer.nextElement(); writer.write(1)
        var copy = writer
        let finished = writer.finished()
        // Enough to grow, and so move, the storage the copy shared with the finished writer.
        copy.nextElement(); copy.write(String(repeating: "x", count: 10_000))
        copy.endArray()
        #expect(finished.bytes == Array("[1".utf8))
        #expect(finished.withUnsafeBytes { Array($0) } == Array("[1".utf8))
        #expect(finished.count == 2 && copy.count == 10_006)
    }

    @Test("pretty printing leaves strings alone, and the pretty writer prints the same", arguments: [
        (#"{"a":[1,{}],"b":"x,y"}"#, #"""
        {
          "a": [
            1,
            {}
          ],
          "b": "x,y"
        }
        """#),
        (#"[[],{},[[]],{"":""}]"#, #"""
        [
          [],
          {},
          [
            []
          ],
          {
            "": ""
          }
        ]
        """#),
        (#"{"k":"quote \" brace { bracket ] colon : comma , backslash \\"}"#, #"""
        {
          "k": "quote \" brace { bracket ] colon : comma , backslash \\"
        }
        """#),
        (#"{"u":"é€😀\u0001","z":[null,true,false,-1.5]}"#, #"""
        {
          "u": "é€😀\u0001",
          "z": [
            null,
            true,
            false,
            -1.5
          ]
        }
        """#),
    ])
    func pretty(compact: String, expected: String) throws {
        #expect(String(decoding: PrettyPrinter.pretty(Array(compact.utf8)), as: UTF8.self) == expected)
        let value = try JSONReader.parse(Array(compact.utf8))
        #expect(String(decoding: JSONWriter.canonicalBytes(value, style: .pretty), as: UTF8.self) == expected + "\n")
    }
}
