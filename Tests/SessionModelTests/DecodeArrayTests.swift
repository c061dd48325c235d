import SessionModel
import _TestSupport
import Testing

/// `RecordingDecoder.decodeArray` gives exactly what parsing the array and decoding each element with `Event(json:)` gives.
@Suite("Single-pass array decoding")
struct DecodeArrayTests {
    /// Each element's canonical JSON or error message by the general path, or nil when the input is not one JSON array.
    static func general(_ bytes: [UInt8]) -> [String]? {
        guard case .array(let values)? = try? JSONReader.parse(bytes) else { return nil }
        return values.map { value in
            do throws(RecordingError) {
                return String(decoding: try Event(json: value).canonicalBytes, as: UTF8.self)
            } catch {
                return "error: \(error.description)"
            }
        }
    }

    static func fast(_ bytes: [UInt8]) -> [String]? {
        guard let decoded = RecordingDecoder.decodeArray(bytes) else { return nil }
        var elements = [String?](repeating: nil, count: decoded.events.count + decoded.failures.count)
        for (event, index) in zip(decoded.events, decoded.indices) { elements[index] = String(decoding: event.canonicalBytes, as: UTF8.self) }
        for failure in decoded.failures { elements[failure.index] = "error: \(failure.error.description)" }
        // An index given twice, or one left out, shows as a missing element.
        return elements.map { $0 ?? "missing" }
    }

    static func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(text.utf8)
        #expect(fast(bytes) == general(bytes), "\(text)", sourceLocation: sourceLocation)
    }

    @Test("agrees with the general path on every conformance recording")
    func conformance() throws {
        for url in ConformanceCorpus.recordings {
            let bytes = try ConformanceCorpus.bytes(of: url)
            let expected = Self.general(bytes)
            #expect(Self.fast(bytes) == expected, "\(url.lastPathComponent)")
        }
    }

    @Test("agrees with the general path on generated sessions")
    func generated() {
        for seed in 1...20 {
            var generator = RRWebStreamGenerator(seed: UInt64(seed))
            let bytes = RecordingEncoder.encodeArray(generator.events(count: 300))
            #expect(Self.fast(bytes) == Self.general(bytes), "seed \(seed)")
        }
    }

    @Test("agrees on unusual shapes, duplicates and errors")
    func unusual() {
        let node = #"{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"p","attributes":{"a":"b","a":"c"},"childNodes":[],"x":1}]}"#
        for text in [
            "[]", " [ ] ", "[1]", "[null]", "{}", "[{}]", "[{\"type\":4}]", "[{\"type\":4,\"data\":{}}]", "[", "[{\"type\":4,]", "[]x",
            #"[{"type":2,"data":{"node":\#(node),"initialOffset":{"top":1,"left":2}},"timestamp":5}]"#,
            #"[{"data":{"node":\#(node),"initialOffset":null},"type":2,"timestamp":null,"v":"x"}]"#,
            #"[{"data":{"node":\#(node)},"type":3}]"#,
            #"[{"data":{"node":\#(node)},"type":2,"type":2}]"#,
            #"[{"data":{"node":{"type":2,"id":2}},"type":2}]"#,
            #"[{"data":{"node":{"type":0,"id":1.5}},"type":2}]"#,
            #"[{"data":{"node":{"type":0,"id":1.0,"rootId":null,"isSVG":true,"t\u0061gName":"x"}},"type":2}]"#,
            #"[{"type":3,"data":{"source":0,"adds":[{"parentId":1,"nextId":null,"node":\#(node)}],"removes":[{"parentId":1,"id":2,"isShadow":true}],"texts":[{"id":3,"value":null}],"attributes":[{"id":2,"attributes":{"class":"a","style":{"color":"red"}}}],"isAttachIframe":true}}]"#,
            #"[{"data":{"adds":[{"node":\#(node),"parentId":1,"previousId":-1}],"attributes":[],"removes":[],"source":0,"texts":[],"z":[1]},"timestamp":1,"type":3}]"#,
            #"[{"data":{"adds":[],"source":1},"type":3}]"#,
            #"[{"data":{"adds":null,"source":0},"type":3}]"#,
            #"[{"data":{"source":0,"source":0},"type":3}]"#,
            #"[{"data":{"source":0.0,"texts":[{"id":1,"value":"a","value":"b"}]},"type":3}]"#,
            #"[{"data":{"source":1,"positions":[{"x":1,"y":2,"id":3,"timeOffset":0}]},"type":3}]"#,
            #"[{"data":{"positions":[{"x":1,"y":2,"id":3,"timeOffset":0}],"source":1},"type":3}]"#,
            #"[{"data":{"source":0,"texts":[{"id":"1","value":"a"}]},"type":3},{"type":4,"data":{"href":"h","width":1,"height":2}}]"#,
            #"[{"data":{"source":0},"type":3,"timestamp":1e3},{"type":3,"data":{"source":0},"timestamp":"1"}]"#,
            #"[{"type":3,"data":{"source":0,"adds":[{"parentId":1,"node":{"type":3,"id":9,"textContent":"\u00e9\n"}}]},"x":{"y":[true,false]}}]"#,
        ] {
            Self.expectSame(text)
        }
    }
}
