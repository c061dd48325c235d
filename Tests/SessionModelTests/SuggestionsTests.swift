import SessionModel
import Testing

@Suite("Suggestions")
struct SuggestionsTests {
    @Test("a third of the word's length, at least one edit and at most three")
    func cutOff() {
        #expect(Suggestions.closest(to: "dorp", among: ["drop", "delay"]) == "drop")  // a swap is one edit
        #expect(Suggestions.closest(to: "ab", among: ["xy"]) == nil)
        #expect(Suggestions.closest(to: "--check-determinism", among: ["--check-determinism-x"]) == "--check-determinism-x")
        // 21 characters allow seven edits by a third, but three is the most.
        #expect(Suggestions.closest(to: "--third-party-cookies", among: ["--third-party-coo"]) == nil)
        #expect(Suggestions.closest(to: "--third-party-cookies", among: ["--third-party-cook"]) == "--third-party-cook")
    }

    @Test("the word itself is never suggested, the first of equally near candidates wins, empty words get nothing")
    func ties() {
        #expect(Suggestions.closest(to: "json", among: ["json"]) == nil)
        #expect(Suggestions.closest(to: "cat", among: ["bat", "hat"]) == "bat")
        #expect(Suggestions.closest(to: "", among: ["a"]) == nil)
    }

    @Test("distances count Unicode scalars, so an accented letter is one edit")
    func unicode() {
        #expect(Suggestions.closest(to: "cafe", among: ["café"]) == "café")
    }
}
