import ScenarioLanguage
import SessionModel
import Testing
@testable import Simulation

@Suite("DomContentLoaded and Load events when the recorder starts before load")
struct LoadEventsTests {
    func types(_ recordAfter: Page.RecordAfter?) throws -> [EventType] {
        let early = Page("https://a.example/", html: #"<p>A</p><button id="b">B</button>"#, recordAfter: recordAfter)
        let simulation = try simulate([.visit(url: early.url), .click(target: "#b")], pages: [early])
        return Array(allEvents(simulation).map(\.data.type).prefix(4))
    }

    @Test("record-after load: DomContentLoaded, Load, then Meta and FullSnapshot; dom-content-loaded: Load after the snapshot; none by default")
    func order() throws {
        #expect(try types(.load) == [.domContentLoaded, .load, .meta, .fullSnapshot])
        #expect(try types(.domContentLoaded) == [.domContentLoaded, .meta, .fullSnapshot, .load])
        #expect(try types(nil).prefix(2) == [.meta, .fullSnapshot])
    }
}
