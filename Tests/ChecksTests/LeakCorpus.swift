import Compression
import Foundation
import SessionModel

/// A seeded corpus of leaks: every transformation a leak can take, planted on every capture path, as raw stored bytes.
///
/// Each document is one batch whose only unusual value is the transformed
/// canary, written into the JSON as raw bytes (so JSON and HTML escapes are
/// really in the stored text, not re-escaped by a writer).
enum LeakCorpus {
    /// A way a value can be hidden, and the decoding the scan must name for it.
    struct Transformation: Sendable {
        var name: String
        /// The canary kind it is applied to (a separator change needs a card, `+` a value with spaces).
        var kind: String
        /// The decoding a finding must name (a substring of one of its decodings).
        var decoding: String
        /// The bytes to write inside a JSON string, already valid there.
        var encode: @Sendable (String) -> [UInt8]
    }

    /// Where in a batch a value can be carried, as a JSON template with `@@SLOT@@` where the value goes.
    static let capturePaths: [(path: String, template: String)] = [
        ("full snapshot", #"{"type":2,"timestamp":1,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"p","attributes":{},"childNodes":[{"type":3,"id":3,"textContent":"@@SLOT@@"}]}]},"initialOffset":{"left":0,"top":0}}}"#),
        ("mutation", #"{"type":3,"timestamp":2,"data":{"source":0,"texts":[{"id":3,"value":"@@SLOT@@"}],"attributes":[],"removes":[],"adds":[]}}"#),
        ("input", #"{"type":3,"timestamp":3,"data":{"source":5,"id":7,"text":"@@SLOT@@","isChecked":false}}"#),
        ("console", #"{"type":6,"timestamp":4,"data":{"plugin":"rrweb/console@1","payload":{"level":"log","payload":["\"@@SLOT@@\""],"trace":[]}}}"#),
        ("network header", #"{"type":6,"timestamp":5,"data":{"plugin":"rrweb/network@1","payload":{"requests":[{"name":"https://api.example/v1","method":"POST","status":200,"requestHeaders":{"Authorization":"Bearer @@SLOT@@"}}]}}}"#),
        ("network body", #"{"type":6,"timestamp":6,"data":{"plugin":"rrweb/network@1","payload":{"requests":[{"name":"https://api.example/v1","method":"POST","status":200,"requestBody":"{\"note\":\"@@SLOT@@\"}"}]}}}"#),
        ("URL", #"{"type":4,"timestamp":7,"data":{"href":"https://shop.example/search?q=@@SLOT@@","width":1280,"height":800}}"#),
        ("custom event", #"{"type":5,"timestamp":8,"data":{"tag":"identify","payload":{"traits":"@@SLOT@@"}}}"#),
        ("envelope field", "ENVELOPE"),
    ]

    /// A batch holding a few ordinary events and one carrying `slot` on `path`.
    static func document(path: String, slot: [UInt8]) -> [UInt8] {
        let ordinary = #"{"type":3,"timestamp":9,"data":{"source":1,"positions":[{"x":412,"y":88,"id":4,"timeOffset":-40}]}},{"type":3,"timestamp":10,"data":{"source":2,"type":2,"id":5,"x":10,"y":20}}"#
        let template = capturePaths.first { $0.path == path }!.template
        let events = template == "ENVELOPE" ? ordinary : ordinary + "," + template
        let userId = template == "ENVELOPE" ? "@@SLOT@@" : "user-81723"
        let text = #"{"distinctId":"visitor-1a2b3c","events":["# + events + #"],"origin":"https://shop.example","pageId":"page-1","sequence":0,"sessionId":"019bd6c1-7f2e-7a10-9c4d-2b1f0e6a5d33","userAgent":"Mozilla/5.0","userId":""# + userId + #"","windowId":"win-1"}"#
        let parts = text.components(separatedBy: "@@SLOT@@")
        return Array(parts[0].utf8) + slot + Array(parts[1].utf8)
    }

    /// Bytes written inside a JSON string the way a JSON writer does (control characters and quotes escaped).
    static func jsonString(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        let quoted = JSONWriter.canonicalString(.string(text))
        return Array(quoted.utf8.dropFirst().dropLast())
    }

    /// Arbitrary bytes as a JSON string of Latin-1 characters, as PostHog writes compressed data.
    static func latin1String(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        return Array(JSONWriter.canonicalString(.string(text)).utf8.dropFirst().dropLast())
    }

    static func base64(_ bytes: [UInt8], urlSafe: Bool = false) -> [UInt8] {
        var text = Data(bytes).base64EncodedString()
        if urlSafe { text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "") }
        return Array(text.utf8)
    }

    static func hex(_ bytes: [UInt8], upper: Bool = false) -> [UInt8] {
        Array(bytes.map { String(format: upper ? "%02X" : "%02x", $0) }.joined().utf8)
    }

    static let transformations: [Transformation] = [
        Transformation(name: "plain", kind: "email", decoding: "") { Array($0.utf8) },
        Transformation(name: "upper case", kind: "email", decoding: "case changed") { Array($0.uppercased().utf8) },
        Transformation(name: "mixed case", kind: "token", decoding: "case changed") { value in
            Array(String(value.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.uppercased()) : $0.element }).utf8)
        },
        Transformation(name: "URL encoding of every byte", kind: "email", decoding: "URL encoding") { value in
            Array(value.utf8.map { String(format: "%%%02X", $0) }.joined().utf8)
        },
        Transformation(name: "URL form encoding with +", kind: "address", decoding: "URL encoding") { value in
            Array(PercentCoding.encode(value).replacingOccurrences(of: "%20", with: "+").utf8)
        },
        Transformation(name: "JSON \\u escape of every character", kind: "email", decoding: "JSON \\u escapes") { value in
            Array(value.utf16.map { String(format: "\\u%04x", $0) }.joined().utf8)
        },
        Transformation(name: "JSON \\u escapes of non-ASCII letters", kind: "name", decoding: "JSON \\u escapes") { value in
            Array(value.unicodeScalars.map { $0.isASCII ? String($0) : String(format: "\\u%04X", $0.value) }.joined().utf8)
        },
        Transformation(name: "HTML named entities", kind: "email", decoding: "HTML entities") { value in
            Array(value.unicodeScalars.map { HTMLNames.name(for: $0).map { "&\($0);" } ?? String($0) }.joined().utf8)
        },
        Transformation(name: "HTML decimal entities", kind: "phone", decoding: "HTML entities") { value in
            Array(value.unicodeScalars.map { "&#\($0.value);" }.joined().utf8)
        },
        Transformation(name: "HTML hex entities", kind: "password", decoding: "HTML entities") { value in
            Array(value.unicodeScalars.map { "&#x\(String($0.value, radix: 16));" }.joined().utf8)
        },
        Transformation(name: "base64 at alignment 0", kind: "email", decoding: "base64 (alignment 0)") { base64(Array($0.utf8)) },
        Transformation(name: "base64 at alignment 1", kind: "email", decoding: "base64 (alignment 1)") { base64(Array(("x" + $0).utf8)) },
        Transformation(name: "base64 at alignment 2", kind: "email", decoding: "base64 (alignment 2)") { base64(Array(("xy" + $0 + "!").utf8)) },
        Transformation(name: "base64url at alignment 0", kind: "password", decoding: "base64") { base64(Array(("??>" + $0).utf8), urlSafe: true) },
        Transformation(name: "base64url at alignment 1", kind: "password", decoding: "base64") { base64(Array(("~" + $0 + "~").utf8), urlSafe: true) },
        Transformation(name: "base64url at alignment 2", kind: "password", decoding: "base64") { base64(Array(("~~" + $0).utf8), urlSafe: true) },
        Transformation(name: "hex", kind: "token", decoding: "hex") { hex(Array($0.utf8)) },
        Transformation(name: "upper-case hex", kind: "email", decoding: "hex") { hex(Array($0.utf8), upper: true) },
        Transformation(name: "UTF-16LE", kind: "email", decoding: "UTF-16LE") { value in jsonString(value.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) },
        Transformation(name: "UTF-16BE", kind: "phone", decoding: "UTF-16BE") { value in jsonString(value.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }) },
        Transformation(name: "gzip in base64", kind: "email", decoding: "gzip") { base64(Zlib.compress(Array("{\"v\":\"\($0)\"}".utf8), format: .gzip)) },
        Transformation(name: "zlib in base64", kind: "card", decoding: "zlib") { base64(Zlib.compress(Array("card=\($0)".utf8), format: .zlib)) },
        Transformation(name: "raw deflate in base64", kind: "token", decoding: "raw deflate") { base64(Zlib.compress(Array("t=\($0);".utf8), format: .rawDeflate)) },
        Transformation(name: "gzip inside gzip in base64", kind: "phone", decoding: "gzip → gzip") { value in
            base64(Zlib.compress(Zlib.compress(Array("tel: \(value)".utf8), format: .gzip), format: .gzip))
        },
        Transformation(name: "PostHog gzip as a Latin-1 string", kind: "email", decoding: "Latin-1 string → gzip") { value in
            latin1String(Zlib.compress(Array("[{\"id\":3,\"value\":\"\(value)\"}]".utf8), format: .gzip))
        },
        Transformation(name: "card with spaces", kind: "card", decoding: "card separators changed") { value in Array(grouped(value, " ").utf8) },
        Transformation(name: "card with dashes", kind: "card", decoding: "card separators changed") { value in Array(grouped(value, "-").utf8) },
        Transformation(name: "card with mixed separators", kind: "card", decoding: "card separators changed") { value in
            Array(grouped(value, ".").replacingOccurrences(of: ".", with: "/", options: [], range: nil).utf8)
        },
        Transformation(name: "URL encoding inside JSON escapes", kind: "email", decoding: "URL encoding") { value in
            Array(PercentCoding.encode(value).replacingOccurrences(of: "%", with: "\\u0025").utf8)
        },
        Transformation(name: "JSON-escaped twice", kind: "email", decoding: "JSON \\u escapes") { value in
            Array(value.utf16.map { String(format: "\\\\u%04x", $0) }.joined().utf8)
        },
        Transformation(name: "case changed inside gzip", kind: "name", decoding: "gzip") { base64(Zlib.compress(Array($0.uppercased().utf8), format: .gzip)) },
    ]

    /// Digits in groups of four joined by `separator`.
    static func grouped(_ digits: String, _ separator: String) -> String {
        var groups: [String] = []
        var rest = Substring(digits)
        while !rest.isEmpty { groups.append(String(rest.prefix(4))); rest = rest.dropFirst(4) }
        return groups.joined(separator: separator)
    }

    /// Canary values of each kind, from a seed (the simulator's kinds and shapes).
    static func canaries(seed: UInt64) -> [(kind: String, value: String)] {
        var random = SplitMix64(seed: seed)
        func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(random.next() % 10)) }) }
        var card = "4" + digits(14)
        card.append(luhnDigit(card))
        return [
            ("card", card), ("email", "amelia.\(digits(6))@example.test"), ("phone", "+1 555 0\(digits(2)) \(digits(4))"),
            ("password", "Tr0ub4dor&\(digits(3))Q"), ("token", "tok_\(digits(8))abcxyz\(digits(8))"), ("name", ["Jonas", "Inès", "Chiara", "Dmitri"][Int(random.next() % 4)] + " Grünewald-Jovanović " + digits(3)),
            ("address", "\(100 + random.next() % 800) Quillfeather Lane, Ashbury \(digits(5))"),
        ]
    }

    static func luhnDigit(_ digits: String) -> String {
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            var value = Int(String(character))!
            if offset % 2 == 0 { value *= 2; if value > 9 { value -= 9 } }
            sum += value
        }
        return String((10 - sum % 10) % 10)
    }
}

/// HTML names for the characters a test encodes, written out here so the test does not read the scanner's table.
enum HTMLNames {
    static func name(for scalar: Unicode.Scalar) -> String? {
        ["@": "commat", ".": "period", "+": "plus", "_": "lowbar", "-": nil, "ü": "uuml", ",": "comma", "!": "excl"][scalar] ?? nil
    }
}
