import Checks
import Compression
import Foundation
import Ingest
import SessionModel
import Testing

@Suite("Canary scan")
struct CanaryScanTests {
    static let canaries = LeakCorpus.canaries(seed: 42)
    static let scan = CanaryScan(canaries: canaries.map { CanaryScan.Canary($0.value, kind: $0.kind) })

    @Test("the seeded leak corpus: every transformation on every capture path is found, on that path, with its decoding")
    func corpus() {
        var misses: [String] = []
        var cells = 0
        for transformation in LeakCorpus.transformations {
            let value = Self.canaries.first { $0.kind == transformation.kind }!.value
            for (path, _) in LeakCorpus.capturePaths {
                cells += 1
                let bytes = LeakCorpus.document(path: path, slot: transformation.encode(value))
                let findings = Self.scan.scan(bytes, place: "corpus")
                let expected = findings.filter { finding in
                    finding.canary == value && finding.capturePath.rawValue == path
                        && (transformation.decoding.isEmpty ? finding.decodings.isEmpty : finding.decodings.joined(separator: " → ").contains(transformation.decoding))
                }
                if expected.isEmpty { misses.append("\(transformation.name) on \(path): found \(findings.map(\.description))") }
            }
        }
        #expect(cells == LeakCorpus.transformations.count * LeakCorpus.capturePaths.count)
        #expect(misses.isEmpty, "\(misses.count) of \(cells) missed:\n\(misses.joined(separator: "\n"))")
    }

    @Test("the same corpus with other values of the same shapes in the slots has no finding")
    func cleanCorpus() {
        let others = LeakCorpus.canaries(seed: 7)
        var findings: [String] = []
        for transformation in LeakCorpus.transformations {
            let value = others.first { $0.kind == transformation.kind }!.value
            for (path, _) in LeakCorpus.capturePaths {
                findings += Self.scan.scan(LeakCorpus.document(path: path, slot: transformation.encode(value)), place: "\(transformation.name) on \(path)").map(\.description)
            }
        }
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }

    @Test("a finding names the canary, kind, capture path, place, JSON path, byte offset and decodings")
    func findingDescription() {
        let email = Self.canaries.first { $0.kind == "email" }!.value
        let slot = LeakCorpus.base64(Zlib.compress(Array("{\"v\":\"\(email)\"}".utf8), format: .gzip))
        let bytes = LeakCorpus.document(path: "input", slot: slot)
        let findings = Self.scan.scan(bytes, place: "request 3 body")
        let offset = bytes.indices.first { bytes[$0...].starts(with: slot) }!
        #expect(findings.map(\.description) == [
            "email canary '\(email)' found in request 3 body at byte \(offset) (.events[2].data.text → .v), capture path input, base64 → gzip",
        ])
    }

    @Test("gzip, zlib and raw deflate bodies are inflated, also when the stream sits inside other bytes")
    func compressedBodies() {
        let token = Self.canaries.first { $0.kind == "token" }!.value
        let batch = LeakCorpus.document(path: "network header", slot: Array(token.utf8))
        for format in Zlib.Format.allCases {
            let body = Array("POST /s/ HTTP/1.1\r\n\r\n".utf8) + Zlib.compress(batch, format: format) + Array("trailing".utf8)
            let findings = Self.scan.scan(body, place: "request 1")
            let decoding = format == .rawDeflate ? "raw deflate" : format.rawValue
            #expect(findings.map(\.decodings) == [[decoding]] || format == .rawDeflate, "\(format): \(findings)")
            #expect(findings.first?.capturePath == .networkHeader || format == .rawDeflate)
            if format == .rawDeflate {
                // Raw deflate has no header to find inside other bytes; a body that is all raw deflate is tried whole.
                let whole = Self.scan.scan([.init(place: "request 1 body", bytes: Zlib.compress(batch, format: .rawDeflate))])
                #expect(whole.isEmpty, "raw deflate is only tried inside decoded data, not at the top of a document: \(whole)")
            }
        }
    }

    @Test("a value typed one keystroke per event, or split across text nodes, is found in the reconstruction")
    func splitValues() throws {
        let card = Self.canaries.first { $0.kind == "card" }!.value
        let halves = (String(card.prefix(8)), String(card.dropFirst(8)))
        let keystrokes = card.enumerated().map { #"{"type":3,"timestamp":\#(10 + $0.offset),"data":{"source":5,"id":7,"text":"\#($0.element)","isChecked":false}}"# }
        let snapshot = #"{"type":2,"timestamp":1,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"id":4,"tagName":"body","attributes":{},"childNodes":[{"type":2,"id":5,"tagName":"p","attributes":{},"childNodes":[{"type":3,"id":6,"textContent":"\#(halves.0)"}]},{"type":2,"id":7,"tagName":"input","attributes":{},"childNodes":[]}]}]}]},"initialOffset":{"left":0,"top":0}}}"#
        let mutation = #"{"type":3,"timestamp":5,"data":{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[{"parentId":5,"nextId":null,"node":{"type":3,"id":8,"textContent":"\#(halves.1)"}}]}}"#
        func batch(_ events: [String]) throws -> UploadBatch {
            let text = #"{"distinctId":"v","events":[\#(events.joined(separator: ","))],"origin":"https://shop.example","pageId":"p","sequence":0,"sessionId":"s","userAgent":"UA","windowId":"w"}"#
            return try UploadBatch(json: JSONReader.parse(text))
        }
        let typed = Self.scan.scan([try batch([snapshot] + keystrokes)])
        #expect(typed.map(\.place) == ["reconstructed input values of session s window w"], "\(typed)")
        #expect(typed.first?.capturePath == .input)
        let split = Self.scan.scan([try batch([snapshot, mutation])])
        #expect(split.map(\.place) == ["reconstructed DOM of session s window w"], "\(split)")
        #expect(split.first?.capturePath == .mutation)
        // Whole in one event, the stored batch is the finding and the reconstruction adds nothing.
        let whole = Self.scan.scan([try batch([snapshot, #"{"type":3,"timestamp":3,"data":{"source":5,"id":7,"text":"\#(card)","isChecked":false}}"#])])
        #expect(whole.map(\.place) == ["stored batch session s window w sequence 0"])
    }

    @Test("the PostHog adapter's compressed fields are decoded")
    func postHogCompressedFields() {
        let email = Self.canaries.first { $0.kind == "email" }!.value
        let event: JSONValue = ["type": 3, "timestamp": 1, "data": ["source": 0, "texts": [["id": 3, "value": .string(email)]], "adds": [], "removes": [], "attributes": []]]
        let bytes = JSONWriter.canonicalBytes(PostHogAdapter.compressFields(event))
        #expect(!bytes.starts(with: Array(email.utf8)) && Self.scan.scan(Array(email.utf8)).count == 1)
        let findings = Self.scan.scan(bytes)
        #expect(findings.map(\.decodings) == [["Latin-1 string", "gzip"]])
        #expect(findings.first?.capturePath == .mutation)
    }

    @Test("the conformance recordings hold none of 100 canaries", .enabled(if: ConformanceRecordings.folder != nil, "skipped: ../shared/conformance not found"))
    func conformanceCorpus() throws {
        var canaries: [CanaryScan.Canary] = []
        for seed in 0..<15 { canaries += LeakCorpus.canaries(seed: UInt64(seed)).map { CanaryScan.Canary($0.value, kind: $0.kind) } }
        canaries = Array(canaries.prefix(100))
        let scan = CanaryScan(canaries: canaries)
        let recordings = ConformanceRecordings.files
        #expect(recordings.count >= 37)
        var findings: [String] = []
        for url in recordings {
            findings += scan.scan([UInt8](try Data(contentsOf: url)), place: url.lastPathComponent).map(\.description)
        }
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }
}

/// The conformance folder beside the repository (ChecksTests does not link `_TestSupport`).
enum ConformanceRecordings {
    static let folder: URL? = {
        let candidate = ProcessInfo.processInfo.environment["SESSIONHARNESS_CONFORMANCE"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/conformance/rrweb")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()

    static var files: [URL] {
        guard let folder else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
