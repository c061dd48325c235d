@testable import SessionModel
import Testing

/// The fixed templates frequent events are written from (`IncrementalData.writeEvent`) give the
/// canonical text: what the generic writer makes of the same JSON, decoding to the same event.
@Suite("Event templates")
struct EventTemplateTests {
    static let timestamp: Int64 = 1_769_503_801_466

    static let events: [Event] = ([
        .incrementalSnapshot(.scroll(Scroll(id: 1, x: 0, y: 26))),
        .incrementalSnapshot(.scroll(Scroll(id: 123_456, x: -40, y: 9_007_199_254_740_000))),
        .incrementalSnapshot(.scroll(Scroll(id: 7, x: 0.5, y: 3))),
        .incrementalSnapshot(.scroll(Scroll(id: 7, x: 1, y: 3, extra: ["extra": .bool(true)]))),
        .incrementalSnapshot(.mouseInteraction(MouseInteraction(type: .click, id: 216, x: 166, y: 288, pointerType: 0))),
        .incrementalSnapshot(.mouseInteraction(MouseInteraction(type: .mouseDown, id: 5, x: -3, y: 1_000_000))),
        .incrementalSnapshot(.mouseInteraction(MouseInteraction(type: .focus, id: 14))),
        .incrementalSnapshot(.mouseInteraction(MouseInteraction(type: .blur, id: 14, pointerType: 2))),
        .incrementalSnapshot(.mouseInteraction(MouseInteraction(type: .click, id: 9, x: 1.25, y: 2))),
        .incrementalSnapshot(.mouseInteraction(MouseInteraction(type: .touchEnd, id: 9, x: 10))),
        .incrementalSnapshot(.input(Input(id: 14, text: "******", isChecked: false))),
        .incrementalSnapshot(.input(Input(id: 3, text: "on", isChecked: true, userTriggered: true))),
        .incrementalSnapshot(.input(Input(id: 3, text: "quote \" back\\slash \n", isChecked: false, userTriggered: false))),
        .incrementalSnapshot(.input(Input(id: 3, text: "x", extra: ["a": .integer(1)]))),
        .incrementalSnapshot(.mouseMove(MouseMove(positions: [
            MousePosition(x: 645, y: 377, id: 221, timeOffset: -495),
            MousePosition(x: 636.5, y: 378, id: 221, timeOffset: -439),
            MousePosition(x: 605, y: 383, id: -1, timeOffset: 0, extra: ["z": .null]),
            MousePosition(x: 0, y: -2, id: 218, timeOffset: 0),
        ]))),
    ] as [EventData]).map { Event(timestamp: timestamp, data: $0) }

    @Test("write the canonical text of their JSON", arguments: events.indices)
    func canonical(index: Int) throws {
        let event = Self.events[index]
        let bytes = event.canonicalBytes
        let parsed = try JSONReader.parse(bytes)
        #expect(String(decoding: JSONWriter.canonicalBytes(parsed), as: UTF8.self) == String(decoding: bytes, as: UTF8.self))
        #expect(try Event(json: parsed) == event)
    }

    /// Around each length the member writer has a shortcut for (up to four digits, thirteen) and past them.
    static let numbers: [Int64] = [0, 1, 9, 10, 42, 99, 100, 101, 999, 1_000, 9_999, 10_000, 10_001, 99_999, 123_456_789,
                                   999_999_999_999, 1_000_000_000_000, 1_769_503_801_466, 9_999_999_999_999, 10_000_000_000_000,
                                   Int64.max, Int64.min + 1, Int64.min]

    @Test("write every number as the generic writer does", arguments: numbers)
    func writesNumbers(number: Int64) throws {
        // Doubles hold whole numbers exactly below 2^53; past that the template is not used.
        let coordinate = Double(max(-9_007_199_254_740_991, min(9_007_199_254_740_991, number)))
        for sign: Int64 in [1, -1] where number != Int64.min || sign == 1 {
            let value = number * sign
            let event = Event(timestamp: value, data: .incrementalSnapshot(.scroll(Scroll(id: Int(value), x: coordinate * Double(sign), y: 0))))
            var writer = JSONWriter()
            writer.writeCompact(#"{"data":{"id":"#, then: value)
            writer.writeCompact(#","source":3,"x":"#, then: JSONWriter.wholeValue(coordinate * Double(sign))!)
            writer.writeCompact(#","y":0},"timestamp":"#, then: value)
            writer.writeCompact(#","type":3}"#)
            #expect(String(decoding: event.canonicalBytes, as: UTF8.self) == String(decoding: writer.bytes, as: UTF8.self))
            #expect(String(decoding: event.canonicalBytes, as: UTF8.self).contains("\(value)"))
        }
    }

    @Test("an event without a timestamp or with extra members is written the generic way")
    func generic() throws {
        for data in Self.events.map(\.data) {
            for event in [Event(timestamp: nil, data: data), Event(timestamp: 5, data: data, extra: ["sessionId": .string("s")])] {
                let parsed = try JSONReader.parse(event.canonicalBytes)
                #expect(JSONWriter.canonicalBytes(parsed) == event.canonicalBytes)
                #expect(try Event(json: parsed) == event)
            }
        }
    }
}
