import Checks
import Compression
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

    @Test("decoded views are read too, each lead naming its decodings; leads stay leads, never canary findings",
          arguments: [
              ("URL-encoded", #"https://shop.example/s?to=ana.ruiz%40mailhost.org&x=1"#, "email ana.ruiz@mailhost.org", ["URL encoding"]),
              ("JSON \\u escapes", #"{\u0022mail\u0022:\u0022ana.ruiz\u0040mailhost.org\u0022}"#, "email ana.ruiz@mailhost.org", ["JSON \\u escapes"]),
              ("HTML entities", "card 4242&#32;4242&#32;4242&#32;4242 on file", "card 4242 4242 4242 4242", ["HTML entities"]),
              ("base64", String(decoding: LeakCorpus.base64(Array(#"{"ip":"81.2.69.160","n":"padding padding"}"#.utf8)), as: UTF8.self), "IP address 81.2.69.160", ["base64"]),
              ("gzip in a Latin-1 string", String(decoding: LeakCorpus.latin1String(Zlib.compress(Array(#"[{"note":"call ana.ruiz@mailhost.org"}]"#.utf8), format: .gzip)), as: UTF8.self),
               "email ana.ruiz@mailhost.org", ["Latin-1 string", "gzip"]),
          ] as [(String, String, String, [String])])
    func decodedViews(_ name: String, _ value: String, _ expected: String, _ decodings: [String]) {
        let document = Array(#"{"events":[{"type":5,"timestamp":1,"data":{"tag":"note","payload":{"v":""#.utf8) + Array(value.utf8) + Array(#""}}}]}"#.utf8)
        let leads = PIIDetector.findings(in: [.init(place: "doc", bytes: document)])
        #expect(leads.map { "\($0.kind.rawValue) \($0.value)" } == [expected], "\(name): \(leads)")
        #expect(leads.first?.decodings == decodings, "\(name)")
        #expect(leads.first.map { $0.description.contains("decoded by \(decodings.joined(separator: " → "))") } == true, "\(name)")
        // A plain lead is found in the plain bytes with no decoding; the same value is one lead, not two.
        let both = PIIDetector.findings(in: [.init(place: "doc", bytes: document + Array(" ana.ruiz@mailhost.org, 4242 4242 4242 4242, 81.2.69.160".utf8))])
        #expect(both.filter { "\($0.kind.rawValue) \($0.value)" == expected }.map(\.decodings) == [[]], "\(name)")
    }

    @Test("a cut escape window gives no fragment as a lead")
    func noFragments() {
        let padding = String(repeating: "a", count: 600)
        let text = "\(padding)%20\(padding) qa.team@mailhost.org"
        let leads = PIIDetector.findings(in: [.init(place: "doc", bytes: Array(text.utf8))])
        #expect(leads.map(\.value) == ["qa.team@mailhost.org"], "\(leads)")
    }

    @Test("the conformance recordings give no lead", .enabled(if: ConformanceRecordings.folder != nil, "skipped: ../shared/conformance not found"))
    func conformance() throws {
        var documents: [CanaryScan.Document] = []
        for url in ConformanceRecordings.files { documents.append(.init(place: url.lastPathComponent, bytes: [UInt8](try Data(contentsOf: url)))) }
        let findings = PIIDetector.findings(in: documents)
        #expect(findings.isEmpty, "\(findings.map(\.description).joined(separator: "\n"))")
    }
}
