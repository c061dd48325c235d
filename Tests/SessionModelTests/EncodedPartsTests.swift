@testable import SessionModel
import TestSupport
import Testing

/// Events encoded once with `EventListEncoder` make the same recording, compact and pretty, as encoding them whole.
@Suite("Recordings from events encoded once")
struct EncodedPartsTests {
    /// The events split into `parts` encoded runs (some of them empty), as windows hold them.
    static func encodedParts(_ events: [Event], parts: Int) -> [[UInt8]] {
        var encoders = Array(repeating: EventListEncoder(), count: parts + 1)
        for (offset, event) in events.enumerated() {
            let size = encoders[offset * parts / max(events.count, 1)].append(event)
            #expect(size == event.canonicalBytes.count, "event \(offset)")
        }
        return encoders.map(\.bytes)
    }

    @Test("match encodeArray on generated sessions", arguments: [1, 3, 7])
    func generated(parts: Int) {
        for seed in 1...10 {
            var generator = RRWebStreamGenerator(seed: UInt64(seed))
            let events = generator.events(count: 200)
            let encoded = Self.encodedParts(events, parts: parts)
            #expect(RecordingEncoder.encodeArray(encodedParts: encoded) == RecordingEncoder.encodeArray(events), "seed \(seed)")
            #expect(RecordingEncoder.encodeArray(encodedParts: encoded, style: .pretty) == RecordingEncoder.encodeArray(events, style: .pretty), "seed \(seed)")
        }
    }

    @Test("no events give an empty array")
    func empty() {
        #expect(RecordingEncoder.encodeArray(encodedParts: []) == Array("[]".utf8))
        #expect(RecordingEncoder.encodeArray(encodedParts: [[], []], style: .pretty) == RecordingEncoder.encodeArray([], style: .pretty))
    }

    @Test("pretty printing leaves strings alone and matches the pretty writer", arguments: [
        #"{"a":[1,{}],"b":"x,y"}"#,
        #"[[],{},[[]],{"":""}]"#,
        #"{"k":"quote \" brace { bracket ] colon : comma , backslash \\"}"#,
        #"{"u":"é€😀\u0001","z":[null,true,false,-1.5]}"#,
    ])
    func pretty(text: String) throws {
        let value = try JSONReader.parse(Array(text.utf8))
        let compact = JSONWriter.canonicalBytes(value)
        var expected = JSONWriter.canonicalBytes(value, style: .pretty)
        expected.removeLast()
        #expect(String(decoding: PrettyPrinter.pretty(compact), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }
}
