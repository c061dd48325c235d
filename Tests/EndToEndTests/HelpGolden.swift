import Foundation
import Testing

/// Compares a help text with its golden file in `Tests/EndToEndTests/Goldens/`, the way swift-argument-parser pins its help.
///
/// Set `HELP_GOLDEN_RECORD=1` to rewrite the goldens; a missing golden is
/// written too. Writing always fails the test, so a fresh recording never passes.
enum HelpGolden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    /// Nil when `actual` equals the golden `name`; otherwise what is wrong, in words.
    static func mismatch(_ actual: String, name: String) -> String? {
        let file = folder.appendingPathComponent(name)
        let recording = ProcessInfo.processInfo.environment["HELP_GOLDEN_RECORD"] == "1"
        let expected = try? String(contentsOf: file, encoding: .utf8)
        if !recording, let expected {
            return expected == actual ? nil : "\(name) differs from its golden \(file.path):\n" + lineDiff(expected, actual)
                + "\nRe-record with HELP_GOLDEN_RECORD=1 if the change is meant."
        }
        do {
            try actual.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            return "cannot write \(file.path): \(error)"
        }
        return "recorded \(file.path); recording fails the test, run again without HELP_GOLDEN_RECORD"
    }

    /// Reports a mismatch through Swift Testing.
    static func check(_ actual: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if let mismatch = mismatch(actual, name: name) { Issue.record(Comment(rawValue: mismatch), sourceLocation: sourceLocation) }
    }

    /// `-` for each golden line missing from the actual text, `+` for each new one, in order.
    private static func lineDiff(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let difference = new.difference(from: old)
        return difference.map { change in
            switch change {
            case .remove(let offset, let line, _): "-\(offset + 1): \(line)"
            case .insert(let offset, let line, _): "+\(offset + 1): \(line)"
            }
        }.joined(separator: "\n")
    }
}
