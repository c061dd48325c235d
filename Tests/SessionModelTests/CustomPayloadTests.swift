import SessionModel
import Testing

@Suite("Custom payloads")
struct CustomPayloadTests {
    /// A payload, the bytes of the Custom event that carries it, and a readable name.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var payload: CustomPayload
        var json: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "script error, throwing frame first",
             payload: .scriptError(ScriptError(type: "TypeError", message: "x is undefined", frames: [
                 .init(file: "https://shop.example/app.js", line: 120, column: 14, function: "pay"),
                 .init(file: "https://shop.example/vendor.js", line: 3, column: 7),
             ])),
             json: #"{"payload":{"frames":[{"column":14,"file":"https://shop.example/app.js","function":"pay","line":120},{"column":7,"file":"https://shop.example/vendor.js","line":3}],"handled":false,"message":"x is undefined","type":"TypeError"},"tag":"error"}"#),
        Case(name: "unhandled rejection", payload: .unhandledRejection(reason: "timeout"),
             json: #"{"payload":{"reason":"timeout"},"tag":"unhandledrejection"}"#),
        Case(name: "redux action", payload: .reduxAction(action: ["type": "cart/add", "sku": "A-1"], state: ["items": 1]),
             json: #"{"payload":{"action":{"sku":"A-1","type":"cart/add"},"state":{"items":1}},"tag":"redux"}"#),
        Case(name: "identify with traits", payload: .identify(userId: "u-42", traits: ["plan": "pro"]),
             json: #"{"payload":{"traits":{"plan":"pro"},"userId":"u-42"},"tag":"identify"}"#),
        Case(name: "another tag", payload: .other(tag: "note", payload: ["n": 3]),
             json: #"{"payload":{"n":3},"tag":"note"}"#),
    ]

    @Test("each payload writes its event and reads back equal", arguments: cases)
    func roundTrip(_ testCase: Case) throws {
        let event = testCase.payload.customEvent
        var writer = JSONWriter()
        event.write(to: &writer)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == testCase.json)
        let read = try CustomEvent(json: JSONReader.parse(Array(testCase.json.utf8)))
        #expect(CustomPayload(read) == testCase.payload)
    }

    @Test("missing or mistyped members take their defaults; an identify payload without userId is the user id")
    func lenientReading() {
        #expect(CustomPayload(CustomEvent(tag: "error", payload: ["message": 7, "frames": ["not a frame", ["file": "a.js"]]]))
            == .scriptError(ScriptError(type: "Error", message: "", frames: [.init(file: "a.js", line: 0, column: 0)])))
        #expect(CustomPayload(CustomEvent(tag: "unhandledrejection", payload: [:])) == .unhandledRejection(reason: nil))
        #expect(CustomPayload(CustomEvent(tag: "redux", payload: ["action": ["type": "x"]])) == .reduxAction(action: ["type": "x"], state: .null))
        #expect(CustomPayload(CustomEvent(tag: "identify", payload: "u-7")) == .identify(userId: "u-7", traits: nil))
    }

    @Test("thrown(in:) pairs each script error with its event's timestamp and skips other events")
    func thrownErrors() {
        let error = ScriptError(type: "Error", message: "boom")
        let events = [
            Event(timestamp: 10, data: .custom(CustomPayload.other(tag: "note", payload: .null).customEvent)),
            Event(timestamp: 20, data: .custom(CustomPayload.scriptError(error).customEvent)),
        ]
        let thrown = ScriptError.thrown(in: events)
        #expect(thrown.map(\.timestamp) == [20])
        #expect(thrown.map(\.error) == [error])
    }
}
