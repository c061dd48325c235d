import Foundation
import ScenarioLanguage
import SessionModel
import Simulation
import Testing

@Suite("Canaries inside typed text")
struct TypedCanaryTests {
    static func scenario(_ typed: String) -> String {
        """
        scenario "typed template"
        seed 3
        page "https://shop.example/"
          html <<<
            <input id="note">
          >>>
        visit "https://shop.example/"
        type "#note" "\(typed)"
        """
    }

    @Test("{canary KIND} in a typed string is filled in and planted, and the rest is typed as written")
    func interpolated() throws {
        let scenario = try Scenario(parsing: Self.scenario("card {canary card} exp 12/29"))
        let simulation = try Simulator(scenario: scenario).run()
        let card = try #require(simulation.canaries.first)
        #expect(simulation.canaries.count == 1)
        #expect(card.kind == .card && card.plantedIn == "input #note" && card.capturePath == "input" && !card.mustBeMasked)
        let typed = simulation.sessions[0].events.compactMap { event -> String? in
            if case .incrementalSnapshot(.input(let input)) = event.data { return input.text }
            return nil
        }
        #expect(typed.last == "card \(card.value) exp 12/29", "\(typed)")
    }

    @Test("an unknown kind in a typed string is an error in place, with a suggestion")
    func unknownKind() {
        let parsed = ScenarioParser.parse(Self.scenario("card {canary carrd}"), file: "t.scenario")
        #expect(parsed.scenario == nil)
        #expect(parsed.diagnostics.map(\.message) == ["unknown canary kind \"carrd\""], "\(parsed.diagnostics)")
    }

    @Test("JWT canaries are three base64url segments whose header and payload decode; IP canaries are in the documentation ranges")
    func jwtAndIP() throws {
        let simulation = try Simulator(scenario: try Scenario(parsing: Self.scenario("{canary jwt} from {canary ip}"))).run()
        let jwt = try #require(simulation.canaries.first { $0.kind == .jwt }?.value)
        let segments = jwt.split(separator: ".").map(String.init)
        #expect(segments.count == 3 && segments[2].count == 43)
        func decode(_ segment: String) -> String? {
            var text = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while text.count % 4 != 0 { text += "=" }
            return Data(base64Encoded: text).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(decode(segments[0]) == #"{"alg":"HS256","typ":"JWT"}"#)
        #expect(decode(segments[1])?.hasPrefix(#"{"sub":"user-"#) == true, "\(decode(segments[1]) ?? "-")")
        let ip = try #require(simulation.canaries.first { $0.kind == .ip }?.value)
        #expect(["192.0.2.", "198.51.100.", "203.0.113."].contains { ip.hasPrefix($0) }, "\(ip)")
    }

    @Test("a typed string with no marker is typed literally, braces and all")
    func literal() throws {
        let scenario = try Scenario(parsing: Self.scenario("{not a canary}"))
        #expect(try Simulator(scenario: scenario).run().canaries.isEmpty)
    }
}
