import Checks
import Compression
import Foundation
import Ingest
import SessionModel
import Testing

@Suite("Canary scan")
struct CanaryScanTests {
    static let canary = "jane.doe+canary@example.com"

    /// Each way a canary can be hidden in stored bytes, and the form the scan must name.
    static let encodings: [(String, [UInt8], String)] = {
        let json = Array("{\"note\":\"\(canary)\"}".utf8)
        return [
            ("plain", Array("xx \(canary) yy".utf8), "as is"),
            ("upper case", Array(canary.uppercased().utf8), "case-folded"),
            ("percent-encoded", Array("q=\(PercentCoding.encode(canary))&x=1".utf8), "percent-encoded"),
            ("base64 at offset 0", Array(Data(Array(canary.utf8)).base64EncodedString().utf8), "base64"),
            ("base64 at offset 1", Array(Data(Array(("a" + canary + "z").utf8)).base64EncodedString().utf8), "base64"),
            ("base64 at offset 2", Array(Data(Array(("ab" + canary).utf8)).base64EncodedString().utf8), "base64"),
            ("gzip inside other bytes", Array("prefix".utf8) + Zlib.compress(json, format: .gzip) + Array("suffix".utf8), "inside compressed data (as is)"),
            ("zlib", Zlib.compress(json, format: .zlib), "inside compressed data (as is)"),
            ("PostHog cv Latin-1 gzip in JSON", JSONWriter.canonicalBytes(PostHogAdapter.compressFields(["type": 2, "data": ["text": .string(canary)]])),
             "inside a Latin-1 gzip string (as is)"),
        ]
    }()

    @Test("finds a canary in every encoding", arguments: encodings.indices)
    func finds(_ index: Int) {
        let (name, bytes, form) = Self.encodings[index]
        let hits = CanaryScan(canaries: [Self.canary]).scan(bytes)
        #expect(hits.map(\.form) == [form], "\(name)")
    }

    @Test("finds nothing where there is nothing")
    func clean() {
        let bytes = Zlib.compress(Array("{\"note\":\"jane.doe@example.com\"}".utf8), format: .gzip) + Array("abc".utf8)
        #expect(CanaryScan(canaries: [Self.canary, "4111111111111111"]).scan(bytes).isEmpty)
    }
}

