import Foundation
import Replay
import Testing
import _TestSupport

/// The three `*.expected.html` files: rrweb's replay iframe captured as MHTML and prettier-formatted.
///
/// Both sides are reduced to a token list before comparing. Exactly this is normalised:
/// 1. the MHTML capture's `<meta http-equiv="Content-Type">` is dropped from the expected side;
/// 2. `<link rel="stylesheet" href="file-cid-0">` (the replayer's own injected sheet) is dropped;
///    `file-cid-N` for N ≥ 1 becomes `<style>` holding that part of `.expected.css.txt`
///    without its `@charset` line;
/// 3. text that is only whitespace is dropped and other text is trimmed (prettier's line breaks);
/// 4. text inside `<style>` is compared with all whitespace removed, because the capture prints
///    the CSSOM (`.a { }\n\n.b { ... }`) where the recording holds the source text;
/// 5. a self-closing `/>` is read as a start tag, and attributes are compared sorted by name.
/// Nothing else: tag names, attribute values, text and the doctype must match as they are.
@Suite("Expected HTML outputs", .enabled(if: ConformanceCorpus.folder != nil, Comment(rawValue: ConformanceCorpus.skipMessage)))
struct ExpectedOutputTests {
    /// The state rrweb compared: after `play()` to the end, or `play(2500)`.
    static let cases: [(name: String, at: Int64?)] = [
        ("rrweb-fixture-ordering", nil),
        ("rrweb-fixture-style-remove", 2500),
        ("rrweb-fixture-remote-stylesheet", 2500),
    ]

    @Test("matches the replayer's snapshot", arguments: cases.map(\.name))
    func matchesExpected(_ name: String) throws {
        let folder = try #require(ConformanceCorpus.folder)
        let expectedHTML = try String(contentsOf: folder.appendingPathComponent("\(name).expected.html"), encoding: .utf8)
        let css = try String(contentsOf: folder.appendingPathComponent("\(name).expected.css.txt"), encoding: .utf8)
        let session = try conformanceSession("\(name).json")
        let at = Self.cases.first { $0.name == name }!.at
        let dom = at.map { session.seek(to: $0) } ?? session.finalState()
        let actual = HTMLTokens.normalise(HTMLTokens.tokenize(dom.html(style: .display)), stylesheets: [:])
        let expected = HTMLTokens.normalise(HTMLTokens.tokenize(expectedHTML), stylesheets: HTMLTokens.stylesheets(css))
        #expect(actual == expected, "\nactual:   \(actual)\nexpected: \(expected)")
    }

    @Test func normalisationDropsOnlyTheCaptureArtefacts() {
        let tokens = HTMLTokens.normalise(
            HTMLTokens.tokenize(#"<html><head><meta http-equiv="Content-Type" content="x" /><link rel="stylesheet" type="text/css" href="file-cid-0" /><link rel="stylesheet" type="text/css" href="file-cid-1" /></head><body> <b>hi </b></body></html>"#),
            stylesheets: ["file-cid-1": "a { }\n\nb { x: y; }"])
        #expect(tokens == ["<html>", "<head>", "<style>", "text:a{}b{x:y;}", "</style>", "</head>", "<body>", "<b>", "text:hi", "</b>", "</body>", "</html>"])
    }
}

/// A small HTML tokenizer, enough for the expected files and our own display output.
enum HTMLTokens {
    enum Token: Equatable {
        case doctype(String)
        case start(String, [(String, String)])
        case end(String)
        case text(String)

        static func == (lhs: Token, rhs: Token) -> Bool { String(describing: lhs) == String(describing: rhs) }
    }

    static func tokenize(_ html: String) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(html.unicodeScalars)
        var index = 0
        var text = ""
        func flush() {
            if !text.isEmpty { tokens.append(.text(decode(text))) }
            text = ""
        }
        while index < scalars.count {
            if scalars[index] == "<" {
                flush()
                var end = index
                var quote: Unicode.Scalar?
                while end < scalars.count {
                    let c = scalars[end]
                    if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == ">" { break }
                    end += 1
                }
                var inside = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                index = end + 1
                if inside.hasPrefix("!--") { continue }
                if inside.uppercased().hasPrefix("!DOCTYPE") { tokens.append(.doctype(inside.lowercased())); continue }
                if inside.hasPrefix("/") { tokens.append(.end(String(inside.dropFirst()).trimmingCharacters(in: .whitespaces))); continue }
                if inside.hasSuffix("/") { inside.removeLast() }
                let (name, attributes) = parseTag(inside)
                tokens.append(.start(name, attributes))
                if name == "style" || name == "script" {
                    let close = "</\(name)>"
                    let rest = String(String.UnicodeScalarView(scalars[index...]))
                    if let range = rest.range(of: close) {
                        let body = String(rest[..<range.lowerBound])
                        if !body.isEmpty { tokens.append(.text(body)) }
                        index += body.unicodeScalars.count
                    }
                }
            } else {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
        }
        flush()
        return tokens
    }

    private static func parseTag(_ inside: String) -> (String, [(String, String)]) {
        let scalars = Array(inside.unicodeScalars)
        var index = 0
        func skipSpace() { while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 } }
        func word() -> String {
            var result = ""
            while index < scalars.count, !scalars[index].properties.isWhitespace, scalars[index] != "=" {
                result.unicodeScalars.append(scalars[index]); index += 1
            }
            return result
        }
        let name = word().lowercased()
        var attributes: [(String, String)] = []
        while true {
            skipSpace()
            guard index < scalars.count else { break }
            let key = word()
            var value = ""
            if index < scalars.count, scalars[index] == "=" {
                index += 1
                if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" {
                    let quote = scalars[index]
                    index += 1
                    while index < scalars.count, scalars[index] != quote { value.unicodeScalars.append(scalars[index]); index += 1 }
                    index += 1
                } else {
                    value = word()
                }
            }
            if !key.isEmpty { attributes.append((key, decode(value))) }
        }
        return (name, attributes.sorted { $0.0 < $1.0 })
    }

    static func decode(_ text: String) -> String {
        var result = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#10;", "\n"), ("&#9;", "\t"), ("&#32;", " "), ("&amp;", "&")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result
    }

    /// The parts of an `.expected.css.txt` file by name (`file-cid-1` → its CSS, without `@charset`).
    static func stylesheets(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var current: String?
        var lines: [String] = []
        func flush() { if let current { result[current] = lines.joined(separator: "\n") }; lines = [] }
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("file-cid-") { flush(); current = line.trimmingCharacters(in: .whitespaces); continue }
            if line.hasPrefix("@charset") { continue }
            lines.append(line)
        }
        flush()
        return result
    }

    static func normalise(_ tokens: [Token], stylesheets: [String: String]) -> [String] {
        var result: [String] = []
        var inStyle = false
        for token in tokens {
            switch token {
            case .doctype(let text): result.append(text)
            case .start(let name, let attributes):
                if name == "meta", attributes.contains(where: { $0.0 == "http-equiv" }) { continue }
                if name == "link", let href = attributes.first(where: { $0.0 == "href" })?.1, href.hasPrefix("file-cid-") {
                    if let css = stylesheets[href], href != "file-cid-0" {
                        result += ["<style>", "text:" + css.filter { !$0.isWhitespace }, "</style>"]
                    }
                    continue
                }
                if name == "style" { inStyle = true }
                result.append("<" + name + attributes.map { " \($0.0)=\"\($0.1)\"" }.joined() + ">")
            case .end(let name):
                if name == "style" { inStyle = false }
                result.append("</\(name)>")
            case .text(let text):
                if inStyle {
                    result.append("text:" + text.filter { !$0.isWhitespace })
                    continue
                }
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { result.append("text:" + trimmed) }
            }
        }
        return result
    }
}
