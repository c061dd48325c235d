import Checks
import SessionModel
import Testing

/// The `redaction` check holds stored data to what the target's redaction profile claims.
@Suite("redaction check")
struct RedactionCheckTests {
    static func batch(_ events: [Event]) -> UploadBatch {
        UploadBatch(sessionId: "s1", windowId: "w1", pageId: "p1", sequence: 0, distinctId: "d1", origin: "https://shop.example", events: events)
    }

    static func input(_ text: String) -> Event {
        Event(timestamp: 1, data: .incrementalSnapshot(.input(Input(id: 7, text: text))))
    }

    static func custom(_ payload: JSONValue) throws -> Event {
        try Event(json: ["type": 5, "timestamp": 2, "data": ["tag": "request", "payload": payload]])
    }

    @Test("masked Input text and redacted keys satisfy the reference profile")
    func maskedPasses() throws {
        let stored = [Self.batch([Self.input("****"), Self.input(""), try Self.custom(["headers": ["Authorization": "[redacted]", "Accept": "*/*"]])])]
        #expect(RedactionCheck.findings(profile: .referenceServer, stored: stored).isEmpty)
    }

    @Test("Input text or a redacted key stored in clear is a finding naming the event and JSON path")
    func clearFails() throws {
        let stored = [Self.batch([Self.input("4111 1111"), try Self.custom(["headers": [["X-Api-Key": "k-123"]]])])]
        let findings = RedactionCheck.findings(profile: .referenceServer, stored: stored)
        #expect(findings.count == 2)
        #expect(findings.first?.contains("masks Input event text, but 1 Input event was stored in clear: session s1 window w1 sequence 0 event 0 ($.data.text)") == true, "\(findings)")
        #expect(findings.last?.contains("redacts 'x-api-key'") == true && findings.last?.contains("event 1 ($.data['payload']['headers'][0]['X-Api-Key'])") == true, "\(findings)")
    }

    @Test("a profile that masks nothing claims nothing")
    func nothingClaimed() throws {
        let stored = [Self.batch([Self.input("in clear"), try Self.custom(["password": "hunter2"])])]
        #expect(RedactionCheck.findings(profile: .nothing, stored: stored).isEmpty)
        #expect(RedactionCheck.findings(profile: RedactionProfile(masksInputText: false, redactedKeys: ["Password"]), stored: stored).count == 1)
    }
}
