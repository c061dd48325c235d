import Foundation
@testable import HarnessCLI
import Testing

/// Failed writes are said in words, never as a Foundation error number.
@Suite("failure reasons")
struct FailureReasonTests {
    @Test("writing under a file names the file that is not a folder")
    func underAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("failure-reason-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try Data("y".utf8).write(to: file.appendingPathComponent("report.json"))
            Issue.record("the write should fail")
        } catch {
            let words = FailureReason.words(for: error)
            #expect(words == "\(file.path) is a file, not a folder" || words == "not a directory", "\(words)")
            #expect(!words.contains("error 5"), "\(words)")
        }
    }
}
