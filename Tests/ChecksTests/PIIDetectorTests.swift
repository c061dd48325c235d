import Checks
import Foundation
import Testing

@Suite("PII that was not planted")
struct PIIDetectorTests {
    @Test("emails, Luhn cards, JWTs, bearer tokens and IPs are flagged with a confidence; planted values, timestamps and versions are not")
    func flags() {
        let text = #"{"note":"write to ana.ruiz@mailhost.org or qa@example.test","card":"4242 4242 4242 4242","timestamp":1700000000123,"#
            + #""auth":"Bearer sk_live_8fA02kQz7LmPwT9x","jwt":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl","ip":"81.2.69.160","#
            + #""lan":"10.0.0.7","version":"1.2.3","ua":"Chrome/126.0.0.0 Safari/537.36","planted":"jo.planted@mailhost.org"}"#
        let findings = PIIDetector.findings(in: [.init(place: "doc", bytes: Array(text.utf8))], planted: ["jo.planted@mailhost.org"])
        #expect(findings.map { "\($0.kind.rawValue) \($0.value) \($0.confidence)" } == [
            "email ana.ruiz@mailhost.org 0.9", "email qa@example.test 0.5", "card 4242 4242 4242 4242 0.85",
            "bearer token sk_live_8fA02kQz7LmPwT9x 0.9", "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl 0.95",
            "IP address 81.2.69.160 0.6", "IP address 10.0.0.7 0.4",
        ])
    }

    @Test("the conformance recordings give no lead", .enabled(if: ConformanceRecordings.folder != nil, "skipped: ../shared/conformance not found"))
    func conformance() throws {
        var documents: [CanaryScan.Document] = []
        for url in ConformanceRecordings.files { documents.append(.init(place: url.lastPathComponent, bytes: [UInt8](try Data(contentsOf: url)))) }
        let findings = PIIDetector.findings(in: documents)
        #expect(findings.isEmpty, "\(findings.map(\.description).joined(separator: "\n"))")
    }
}
