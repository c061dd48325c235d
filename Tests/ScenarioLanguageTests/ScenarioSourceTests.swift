import ScenarioLanguage
import Testing

/// Scenario bytes that are not UTF-8 are refused at the first bad byte, never decoded with replacement characters.
@Suite("scenario source decoding")
struct ScenarioSourceTests {
    @Test("the first ill-formed sequence is reported at its line and character column", arguments: [
        ([0x61, 0xFF], 1, 2, "0xFF"),                                  // a byte that never starts a character
        ([0x61, 0x0A, 0xC3, 0xA9, 0x62, 0xC0, 0xAF], 2, 3, "0xC0"),   // an overlong '/', after a two-byte é
        ([0x0A, 0x0A, 0xED, 0xA0, 0x80], 3, 1, "0xED"),               // a surrogate
        ([0x78, 0xE2, 0x82], 1, 2, "0xE2"),                            // truncated at the end
        ([0xF4, 0x90, 0x80, 0x80], 1, 1, "0xF4"),                      // past U+10FFFF
    ] as [([UInt8], Int, Int, String)])
    func reportsTheFirstBadByte(_ bytes: [UInt8], _ line: Int, _ column: Int, _ byte: String) throws {
        let result = ScenarioSource.text(from: bytes, file: "bad.scenario")
        guard case .failure(let invalid) = result else {
            Issue.record("accepted invalid UTF-8 \(bytes)")
            return
        }
        let diagnostic = try #require(invalid.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(file: "bad.scenario", line: line, column: column))
        #expect(diagnostic.message.hasPrefix("invalid UTF-8: byte \(byte) "), "\(diagnostic.message)")
    }

    @Test("valid UTF-8, including four-byte characters, decodes unchanged")
    func acceptsValidText() throws {
        let text = "scenario \"café 🎉\"\n"
        #expect(try ScenarioSource.text(from: Array(text.utf8), file: "ok.scenario").get() == text)
    }
}
