import SessionModel
import Testing
import _TestSupport

@Suite("JSON reader")
struct JSONReaderTests {
    @Test("parses every kind of value")
    func parsesValues() throws {
        let value = try JSONReader.parse(#" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": "x\n\u00e9\ud83d\ude00", "c": {}} "#)
        #expect(value == [
            "a": [1, -2, 3.5, 1000, true, false, nil],
            "b": "x\né😀",
            "c": [:],
        ])
    }

    @Test("keeps integers exact and large ones as doubles")
    func numbers() throws {
        #expect(try JSONReader.parse("9223372036854775807") == .integer(.max))
        #expect(try JSONReader.parse("-9223372036854775808") == .integer(.min))
        #expect(try JSONReader.parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
        #expect(try JSONReader.parse("1700000000000") == .integer(1_700_000_000_000))
        #expect(try JSONReader.parse("0.1") == .double(0.1))
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var input: String
        var expected: String
        var testDescription: String { expected }
    }

    @Test("errors name the offset, line, column and path", arguments: [
        Malformed(input: #"{"a": [1, 2,]}"#, expected: "unexpected character ']', expected a value at byte 12 (line 1, column 13), path .a[2]"),
        Malformed(input: "{\"a\":\n {\"b\": tru}}", expected: "invalid literal, expected 'true' at byte 13 (line 2, column 8), path .a.b"),
        Malformed(input: #"[{"x": 1} {"y": 2}]"#, expected: "unexpected character '{', expected ',' or ']' at byte 10 (line 1, column 11), path [1]"),
        Malformed(input: #"{"a": "unterminated"#, expected: "unexpected end of input in string that starts here at byte 6 (line 1, column 7), path .a"),
        Malformed(input: #"{"a": 01}"#, expected: "invalid number, leading zeros are not allowed at byte 6 (line 1, column 7), path .a"),
        Malformed(input: #"{"a": 1e999}"#, expected: "number is too large to represent at byte 6 (line 1, column 7), path .a"),
        Malformed(input: #"{"a": "\x"}"#, expected: #"invalid escape '\x' in string at byte 7 (line 1, column 8), path .a"#),
        Malformed(input: "{\"a\": \"tab\there\"}", expected: "control character byte 0x9 in string; it must be escaped at byte 10 (line 1, column 11), path .a"),
        Malformed(input: #"{"a" 1}"#, expected: "expected ':' after member name at byte 5 (line 1, column 6), path .a"),
        Malformed(input: #"{"key with space": [}"#, expected: #"unexpected character '}', expected a value at byte 20 (line 1, column 21), path ["key with space"][0]"#),
        Malformed(input: "[1] 2", expected: "unexpected data after the JSON value at byte 4 (line 1, column 5), path ."),
        Malformed(input: "", expected: "unexpected end of input, expected a value at byte 0 (line 1, column 1), path ."),
    ])
    func errors(_ example: Malformed) {
        #expect(throws: JSONParseError.self) { try JSONReader.parse(example.input) }
        do {
            _ = try JSONReader.parse(example.input)
        } catch {
            #expect(error.description == example.expected)
        }
    }

    @Test("reports invalid UTF-8 with its position")
    func invalidUTF8() {
        let bytes: [UInt8] = Array(#"{"a":"ok"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        do {
            _ = try JSONReader.parse(bytes)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.message == "invalid UTF-8 in string")
            #expect(error.offset == 8)
            #expect(error.path == JSONPath([.key("a")]))
        }
    }

    @Test("limits nesting instead of overflowing the stack")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONReader.parse(deep) }
        let limit = JSONReader.defaultMaximumDepth
        let allowed = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try JSONReader.parse(allowed) }
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect { try JSONReader.parse(tooDeep) } throws: { error in
            let error = error as? JSONParseError
            return error?.message == "nesting is deeper than \(limit) levels" && error?.offset == limit && error?.path.components.count == limit
        }
    }

    @Test("fits a page 4,096 elements deep: two levels an element, as UploadBatch.jsonDepth counts them")
    func limitFitsDeepPages() {
        #expect(JSONReader.deepestPage == 4_096)
        #expect(JSONReader.defaultMaximumDepth == UploadBatch.jsonDepth(pageElements: 4_096))
        #expect(JSONReader.defaultMaximumDepth > 8_192)
    }

    @Test("reads and releases a value as deep as the limit on a thread with a 512 KB stack")
    func deepValueOnASmallStack() throws {
        let limit = JSONReader.defaultMaximumDepth
        let text = String(repeating: #"{"a":["#, count: limit / 2) + String(repeating: "]}", count: limit / 2)
        let parsed = SmallStack.run { () -> Bool in
            guard let (value, depth) = try? JSONReader.parseMeasuringDepth(Array(text.utf8)) else { return false }
            JSONValue.release(consume value, depth: depth)
            return depth == limit
        }
        #expect(parsed)
    }

    @Test("a path hundreds of levels deep prints its ends and the count of levels between")
    func deepPathText() throws {
        let levels = JSONReader.defaultMaximumDepth / 2 + 1
        let deep = String(repeating: #"{"a":["#, count: levels) + String(repeating: "]}", count: levels)
        do {
            _ = try JSONReader.parse(deep)
            Issue.record("nesting past the limit was accepted")
        } catch {
            let text = error.path.description
            #expect(text.hasPrefix(".a[0].a[0].a[0].a[0]…("), "\(text)")
            #expect(text.hasSuffix(")….a[0].a[0].a[0].a[0]") || text.hasSuffix(")…[0].a[0].a[0].a[0].a"), "\(text)")
            #expect(text.count < 120, "\(text)")
            #expect(text.contains("\(error.path.components.count - 16) levels"), "\(text)")
        }
        #expect(JSONPath([.key("data"), .index(3)]).description == ".data[3]")
    }

    @Test("reads huge strings")
    func hugeString() throws {
        let text = String(repeating: "abcdefgh", count: 1 << 20)
        let value = try JSONReader.parse("\"" + text + "\"")
        #expect(value.stringValue?.utf8.count == 8 << 20)
    }

    @Test("a string ends, escapes, fails and is checked for UTF-8 at the right byte wherever that byte falls in the eight-byte words it is scanned in")
    func stringStopsAtEveryPosition() throws {
        for length in 0..<20 {
            for position in 0...length {
                let before = String(repeating: "a", count: position)
                let after = String(repeating: "b", count: length - position)
                // The closing quote, an escape, a raw control character and a two-byte character at `position`.
                #expect(try JSONReader.parse(Array("[\"\(before)\",\"\(after)\"]".utf8)) == .array([.string(before), .string(after)]))
                #expect(try JSONReader.parse(Array("\"\(before)\\n\(after)\"".utf8)) == .string(before + "\n" + after))
                #expect(try JSONReader.parse(Array("\"\(before)é\(after)\"".utf8)) == .string(before + "é" + after))
                do {
                    _ = try JSONReader.parse(Array("\"\(before)\u{01}\(after)\"".utf8))
                    Issue.record("a raw control character at \(position) of \(length) was accepted")
                } catch {
                    #expect(error.offset == 1 + position)
                }
                // A lone continuation byte is invalid UTF-8, after ASCII that filled the words before it.
                do {
                    _ = try JSONReader.parse(Array("\"\(before)".utf8) + [0x80] + Array("\(after)\"".utf8))
                    Issue.record("invalid UTF-8 at \(position) of \(length) was accepted")
                } catch {
                    #expect(error.message == "invalid UTF-8 in string")
                    #expect(error.offset == 1 + position)
                }
            }
        }
    }

    @Test("white space after a line break ends at the right byte wherever that byte falls in the eight-byte words it is skipped in")
    func whitespaceStopsAtEveryPosition() throws {
        let kinds: [UInt8] = [0x20, 0x09, 0x0D, 0x0A]
        for length in 0..<20 {
            for kind in kinds {
                // A line break, then `length` bytes of one kind of white space (mixed with spaces), then the value.
                let indentation = [0x0A] + (0..<length).map { $0 % 2 == 0 ? kind : 0x20 }
                let text = Array("[".utf8) + indentation + Array("1,".utf8) + indentation + Array("\"x\"".utf8) + indentation + Array("]".utf8)
                #expect(try JSONReader.parse(text) == .array([.integer(1), .string("x")]), "\(length) of byte \(kind)")
                // A vertical tab and a byte with its high bit set look like white space to no one: each fails at its own byte.
                for stray: UInt8 in [0x0B, 0xA0, 0x00] {
                    do {
                        _ = try JSONReader.parse(Array("[".utf8) + indentation + [stray] + Array("1]".utf8))
                        Issue.record("byte \(stray) after \(length) bytes of white space was accepted")
                    } catch {
                        #expect(error.offset == 1 + indentation.count, "byte \(stray) after \(length) of byte \(kind)")
                    }
                }
            }
        }
    }

    @Test("lone surrogates become U+FFFD rather than failing")
    func loneSurrogate() throws {
        #expect(try JSONReader.parse(#""a\ud800b""#) == "a\u{FFFD}b")
    }

    @Test("the last of duplicate member names wins, as in JavaScript")
    func duplicateKeys() throws {
        #expect(try JSONReader.parse(#"{"a":1,"b":2,"a":3}"#) == ["a": 3, "b": 2])
    }

    @Test("never crashes on 20,000 seeded mutations of real JSON")
    func mutationFuzz() {
        let seed = Array(#"{"type":3,"data":{"source":0,"adds":[{"parentId":1,"nextId":null,"node":{"type":2,"tagName":"div","attributes":{"class":"a\"b"},"childNodes":[],"id":5}}],"texts":[{"id":3,"value":"héllo\n"}],"x":-1.5e-3}],"timestamp":1700000000000}"#.utf8)
        var random = SplitMix64(seed: 7)
        var outcomes = (values: 0, errors: 0)
        for _ in 0..<20_000 {
            var bytes = seed
            for _ in 0...random.int(in: 0...3) {
                let position = random.int(in: 0...bytes.count - 1)
                switch random.int(in: 0...3) {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                default: bytes.removeSubrange(position...)
                }
                if bytes.isEmpty { bytes = [0x5B] }
            }
            if (try? JSONReader.parse(bytes)) != nil { outcomes.values += 1 } else { outcomes.errors += 1 }
        }
        #expect(outcomes.values + outcomes.errors == 20_000)
        #expect(outcomes.errors > 10_000)
    }
}
