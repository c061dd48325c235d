import Checks
import Compression
import Foundation
import SessionModel
import _TestSupport

/// The privacy-scan benchmark's two halves, run by `Benchmarks/privacy-scan.sh`.
///
/// `privacy-scan-bench corpus DIR MEGABYTES [CONFORMANCE]` writes recordings of
/// about MEGABYTES in all (generated sessions, and the conformance recordings
/// when given) with 100 canaries planted in mixed encodings, `canaries.tsv`
/// (kind, value) and `plain.txt` (the plain forms, for `grep -F -f`).
/// `privacy-scan-bench scan DIR` scans every recording with all decoders,
/// prints the CPU seconds it took and how many of the planted canaries it found,
/// and exits 1 if any was missed.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(64)
}

/// Seeded values shaped like the simulator's canaries.
func canaryValues(count: Int, random: inout SplitMix64) -> [(kind: String, value: String)] {
    func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(random.next() % 10)) }) }
    func luhn(_ digits: String) -> String {
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            var value = Int(String(character))!
            if offset % 2 == 0 { value *= 2; if value > 9 { value -= 9 } }
            sum += value
        }
        return String((10 - sum % 10) % 10)
    }
    let names = ["Amelia", "Bruno", "Chiara", "Dmitri", "Esme", "Farid", "Greta", "Hiro", "Inès", "Jonas"]
    var values: [(String, String)] = []
    for index in 0..<count {
        switch index % 7 {
        case 0: let card = "4" + digits(14); values.append(("card", card + luhn(card)))
        case 1: values.append(("email", names[Int(random.next() % 10)].lowercased() + "." + digits(6) + "@example.test"))
        case 2: values.append(("phone", "+1 555 0" + digits(2) + " " + digits(4)))
        case 3: values.append(("password", "Pw" + digits(4) + "xQz" + digits(5) + "!"))
        case 4: values.append(("token", "tok_" + digits(10) + "live" + digits(10)))
        case 5: values.append(("name", names[Int(random.next() % 10)] + " Halvorsen-" + digits(4)))
        default: values.append(("address", digits(3) + " Kestrel Row, Dunmere " + digits(5)))
        }
    }
    return values
}

/// One canary written as it might leak, ready to sit inside a JSON string.
func encoded(_ value: String, _ encoding: Int) -> String {
    let bytes = Array(value.utf8)
    func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
    func latin1(_ bytes: [UInt8]) -> String {
        let text = String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        return String(JSONWriter.canonicalString(.string(text)).dropFirst().dropLast())
    }
    switch encoding {
    case 0: return value
    case 1: return value.uppercased()
    case 2: return bytes.map { String(format: "%%%02X", $0) }.joined()
    case 3: return value.utf16.map { String(format: "\\u%04x", $0) }.joined()
    case 4: return value.unicodeScalars.map { "&#\($0.value);" }.joined()
    case 5: return value.unicodeScalars.map { "&#x\(String($0.value, radix: 16));" }.joined()
    case 6: return base64(Array(("k=" + value).utf8))
    case 7: return base64(bytes).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    case 8: return bytes.map { String(format: "%02x", $0) }.joined()
    case 9: return value.utf16.map { String(format: "\\u%04x\\u0000", $0 & 0xFF) }.joined()
    case 10: return base64(Zlib.compress(Array("{\"v\":\"\(value)\"}".utf8), format: .gzip))
    case 11: return base64(Zlib.compress(bytes, format: .zlib))
    case 12: return latin1(Zlib.compress(Array("[{\"id\":4,\"value\":\"\(value)\"}]".utf8), format: .gzip))
    default: return value.allSatisfy(\.isNumber) ? stride(from: 0, to: value.count, by: 4).map { String(Array(value)[$0..<min(value.count, $0 + 4)]) }.joined(separator: " ") : value.lowercased()
    }
}

/// An event carrying `text` on one of several capture paths.
func carrier(_ text: String, _ path: Int, at time: Int64) -> String {
    switch path % 4 {
    case 0: return #"{"data":{"id":77,"isChecked":false,"source":5,"text":"\#(text)"},"timestamp":\#(time),"type":3}"#
    case 1: return #"{"data":{"payload":{"requests":[{"method":"POST","name":"https://api.shop.example/v2/cart","requestHeaders":{"Authorization":"Bearer \#(text)"},"status":200}]},"plugin":"rrweb/network@1"},"timestamp":\#(time),"type":6}"#
    case 2: return #"{"data":{"payload":{"level":"log","payload":["\"\#(text)\""],"trace":[]},"plugin":"rrweb/console@1"},"timestamp":\#(time),"type":6}"#
    default: return #"{"data":{"adds":[],"attributes":[],"removes":[],"source":0,"texts":[{"id":12,"value":"\#(text)"}]},"timestamp":\#(time),"type":3}"#
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: privacy-scan-bench corpus DIR MEGABYTES [CONFORMANCE] | scan DIR") }
let folder = URL(fileURLWithPath: arguments[2])

switch arguments[1] {
case "corpus":
    guard arguments.count >= 4, let megabytes = Int(arguments[3]) else { fail("usage: privacy-scan-bench corpus DIR MEGABYTES [CONFORMANCE]") }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var random = SplitMix64(seed: 12)
    let canaries = canaryValues(count: 100, random: &random)
    var conformance: [[UInt8]] = []
    if arguments.count > 4 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: arguments[4])) ?? []
        for name in names.sorted() where name.hasSuffix(".json") {
            conformance.append([UInt8](try Data(contentsOf: URL(fileURLWithPath: arguments[4]).appendingPathComponent(name))))
        }
    }
    let fileBytes = 8_000_000
    let fileCount = max(1, megabytes * 1_000_000 / fileBytes)
    var generator = ThroughputStreamGenerator(seed: 3)
    let base = generator.events(targetBytes: fileBytes)
    var total = 0
    for file in 0..<fileCount {
        // Each file: a generated session, a few real recordings' events, and its share of the canaries spliced between events.
        var parts = base.map { String(decoding: $0.canonicalBytes, as: UTF8.self) }
        for recording in conformance.indices where recording % fileCount == file % max(1, min(fileCount, conformance.count)) {
            if case .array(let events)? = try? JSONReader.parse(conformance[recording]) {
                parts += events.map { JSONWriter.canonicalString($0) }
            }
        }
        for (index, canary) in canaries.enumerated() where index % fileCount == file {
            let position = Int(random.next() % UInt64(parts.count))
            parts.insert(carrier(encoded(canary.value, index % 14), index / 7, at: 1_700_000_000_000 + Int64(index)), at: position)
        }
        let bytes = Array(("[" + parts.joined(separator: ",") + "]").utf8)
        total += bytes.count
        try Data(bytes).write(to: folder.appendingPathComponent(String(format: "recording-%03d.json", file)))
    }
    try Data(canaries.map { "\($0.kind)\t\($0.value)\n" }.joined().utf8).write(to: folder.appendingPathComponent("canaries.tsv"))
    try Data(canaries.map { $0.value + "\n" }.joined().utf8).write(to: folder.appendingPathComponent("plain.txt"))
    print("wrote \(fileCount) recordings, \(total) bytes, 100 canaries in 14 encodings on 4 capture paths")
case "scan":
    let lines = try String(contentsOf: folder.appendingPathComponent("canaries.tsv"), encoding: .utf8).split(separator: "\n")
    let canaries = lines.map { line -> CanaryScan.Canary in
        let fields = line.split(separator: "\t", maxSplits: 1)
        return CanaryScan.Canary(String(fields[1]), kind: String(fields[0]))
    }
    let scan = CanaryScan(canaries: canaries)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
    var found = Set<String>()
    var bytesScanned = 0
    var findings = 0
    var cpu = 0.0
    for name in names {
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
        bytesScanned += bytes.count
        var usageBefore = rusage(), usageAfter = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usageBefore)
        let result = scan.scan(bytes, place: name)
        getrusage(RUSAGE_SELF.rawValue, &usageAfter)
        func seconds(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }
        cpu += seconds(usageAfter.ru_utime) - seconds(usageBefore.ru_utime) + seconds(usageAfter.ru_stime) - seconds(usageBefore.ru_stime)
        findings += result.count
        for finding in result { found.insert(finding.canary) }
    }
    print("scan\t\(String(format: "%.3f", cpu))\t\(bytesScanned)\t\(findings)\t\(found.count)")
    let missed = canaries.filter { !found.contains($0.value) }
    for canary in missed { FileHandle.standardError.write(Data("missed: \(canary.kind) \(canary.value)\n".utf8)) }
    exit(missed.isEmpty ? 0 : 1)
default:
    fail("unknown command \(arguments[1])")
}
