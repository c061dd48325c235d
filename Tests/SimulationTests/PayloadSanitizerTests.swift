import ScenarioLanguage
@testable import Simulation
import Testing

/// Console and error text is scrubbed of the secrets an SDK recognises, and left alone otherwise.
@Suite("Console text scrubbing")
struct PayloadSanitizerTests {
    static let client = PayloadSanitizer(policy: MaskingPolicy())

    @Test("Secrets are replaced wherever they are; text without one comes back unchanged", arguments: [
        ("card 4242 4242 4242 4242 declined", "card [REDACTED] declined"),
        ("13 digits 4222222222222.", "13 digits [REDACTED]."),
        ("not luhn 4242424242424241", "not luhn 4242424242424241"),
        ("twelve 424242424242 only", "twelve 424242424242 only"),
        ("mail ana.lopez+x@shop.example now", "mail [REDACTED] now"),
        ("at sign @ alone", "at sign @ alone"),
        ("key tok_live12345 used", "key [REDACTED] used"),
        ("short tok_abc", "short tok_abc"),
        ("müll tok_äbcdefghij", "müll [REDACTED]"),
        ("nothing here, 12 digits 1234 5678 9012", "nothing here, 12 digits 1234 5678 9012"),
        ("", ""),
    ])
    func scrubbing(text: String, scrubbed: String) {
        #expect(Self.client.scrubText(text) == scrubbed)
    }

    @Test("The quick test for a possible secret says yes for every text that holds one")
    func prefilterMissesNothing() {
        for text in ["4242 4242 4242 4242", "4222222222222", "a@b.co", "tok_abcdefg", "x tok_12345678"] {
            #expect(PayloadSanitizer.mayHoldSecret(text), "\(text)")
        }
        for text in ["plain words", "123456789012", "tok-abcdefgh", "to_k"] {
            #expect(!PayloadSanitizer.mayHoldSecret(text), "\(text)")
        }
    }
}
