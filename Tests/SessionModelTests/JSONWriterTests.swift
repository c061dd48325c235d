import SessionModel
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("sorts keys by UTF-8 bytes and writes no white space")
    func canonicalOrder() {
        let value: JSONValue = ["b": 1, "B": 2, "a": ["z": nil, "é": true, "e": false], "_": "x"]
        #expect(JSONWriter.canonicalString(value) == #"{"B":2,"_":"x","a":{"e":false,"z":null,"é":true},"b":1}"#)
    }

    @Test("formats numbers the same way every time", arguments: [
        (JSONValue.integer(0), "0"), (.integer(-7), "-7"), (.integer(.min), "-9223372036854775808"),
        (.double(5.0), "5"), (.double(-0.0), "0"), (.double(0.1), "0.1"), (.double(1.5e300), "1.5e+300"),
        (.double(12345678.25), "12345678.25"), (.double(9_007_199_254_740_993), "9007199254740992"),
        (.double(1e-7), "1e-07"), (.double(.infinity), "null"),
    ])
    func numbers(_ value: JSONValue, _ expected: String) {
        #expect(JSONWriter.canonicalString(value) == expected)
    }

    @Test("escapes only what JSON requires")
    func escaping() {
        #expect(JSONWriter.canonicalString("a\"b\\c\n\t\u{01}é😀/") == #""a\"b\\c\n\t\u0001é😀/""#)
    }

    @Test("escapes a character at any offset, and none of the bytes beside the escaped ones",
          arguments: ["\"", "\\", "\n", "\u{1F}", "\u{00}"])
    func escapingAtEveryOffset(_ special: String) {
        let escaped = String(JSONWriter.canonicalString(.string(special)).dropFirst().dropLast())
        // 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F and multi-byte UTF-8: near the escaped bytes, never escaped.
        let unescaped = " !#[]\u{7F}é¢😀"
        for offset in 0..<20 {
            let lead = String(repeating: "a", count: offset)
            #expect(JSONWriter.canonicalString(.string(lead + special + unescaped)) == "\"" + lead + escaped + unescaped + "\"")
            #expect(JSONWriter.canonicalString(.string(lead + unescaped)) == "\"" + lead + unescaped + "\"")
        }
    }

    @Test("pretty output is indented, sorted and ends with a newline")
    func pretty() {
        let bytes = JSONWriter.canonicalBytes(["b": [1, 2], "a": [:], "c": []], style: .pretty)
        #expect(String(decoding: bytes, as: UTF8.self) == """
            {
              "a": {},
              "b": [
                1,
                2
              ],
              "c": []
            }

            """)
    }

    @Test("write then read gives the same value")
    func roundTrip() throws {
        let value: JSONValue = ["text": "line\nbreak \u{7F} \u{2028}", "n": [0.25, -3, 1e21, 1700000000000], "o": ["k": [nil, true]]]
        #expect(try JSONReader.parse(JSONWriter.canonicalString(value)) == value)
    }

    @Test("pretty output indents 64 levels and writes deeper containers compact on their line, so depth does not multiply the bytes")
    func prettyDeepNesting() throws {
        var value: JSONValue = ["k": "a,b[c]\\\"", "n": 1]
        for _ in 0..<70 { value = .array([value, 2]) }
        let bytes = JSONWriter.canonicalBytes(value, style: .pretty)
        var expected = ""
        for level in 0..<64 { expected += String(repeating: "  ", count: level) + "[\n" }
        var compact = #"{"k":"a,b[c]\\\"","n":1}"#
        for _ in 0..<6 { compact = "[" + compact + ",2]" }
        expected += String(repeating: "  ", count: 64) + compact + ",\n"
        for level in stride(from: 63, through: 0, by: -1) {
            expected += String(repeating: "  ", count: level + 1) + "2\n" + String(repeating: "  ", count: level) + "]"
            expected += level == 0 ? "\n" : ",\n"
        }
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        #expect(try JSONReader.parse(bytes) == value)

        var wide: JSONValue = .array(Array(repeating: ["a": 1, "b": [2]], count: 2_000))
        for _ in 0..<300 { wide = ["c": wide] }
        let compactCount = JSONWriter.canonicalBytes(wide).count
        // Indenting every one of the 8,000 lines 300 levels deep would take over 4.8 MB.
        #expect(JSONWriter.canonicalBytes(wide, style: .pretty).count < compactCount + 4 * 64 * 64 + 1_000)
    }
}
