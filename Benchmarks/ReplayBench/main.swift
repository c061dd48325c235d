// replay-bench: generates large rrweb sessions and times full reconstruction.
//
//   replay-bench generate --megabytes 100 --seed 1 --out session.json
//   replay-bench generate --style-sheets --megabytes 20 --seed 1 --out sheets.json
//   replay-bench reconstruct [--runs 3] FILE...
//
// `reconstruct` prints one line per file: the best CPU time of decoding the
// bytes, sorting, replaying every event and serializing the final DOM.
import Foundation
import Replay
import SessionModel
import _TestSupport

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("replay-bench: \(message)\n".utf8))
    exit(64)
}

func value(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// CPU time of this process: on a shared machine it is steadier than wall time, and the script times orjson the same way.
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "generate":
    let megabytes = Double(value("--megabytes", in: arguments) ?? "100") ?? 100
    let seed = UInt64(value("--seed", in: arguments) ?? "1") ?? 1
    guard let out = value("--out", in: arguments) else { fail("generate needs --out FILE") }
    let target = Int(megabytes * 1_000_000)
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: out) else { fail("cannot write \(out)") }
    // Either generator makes the next 2000 events.
    var generator = RRWebStreamGenerator(seed: seed)
    var sheets = StyleSheetSession(seed: seed)
    let styleSheets = arguments.contains("--style-sheets")
    var written = 0
    var events = 0
    var first = true
    handle.write(Data("[".utf8))
    while written < target {
        var writer = JSONWriter(reservingCapacity: 1 << 20)
        for event in styleSheets ? sheets.events(count: 2000) : generator.events(count: 2000) {
            if !first { writer.writeRaw([UInt8(ascii: ",")]) }
            first = false
            event.write(to: &writer)
            events += 1
        }
        handle.write(Data(writer.bytes))
        written += writer.bytes.count
    }
    handle.write(Data("]".utf8))
    try? handle.close()
    print("generated \(out): \(events) events, \(written + 2) bytes")

case "reconstruct":
    let runs = Int(value("--runs", in: arguments) ?? "3") ?? 3
    var files: [String] = []
    var index = 1
    while index < arguments.count {
        if arguments[index] == "--runs" { index += 2; continue }
        files.append(arguments[index])
        index += 1
    }
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
        let bytes = [UInt8](data)
        var best = Double.infinity
        var bestDecode = Double.infinity
        var summary = ""
        for _ in 0..<max(1, runs) {
            let start = now()
            let session = ReplaySession(bytes: bytes)
            let decoded = now()
            let dom = session.finalState()
            let html = dom.html()
            let end = now()
            best = min(best, end - start)
            bestDecode = min(bestDecode, decoded - start)
            summary = "\(session.events.count) events, \(dom.findings.count + session.decodeFindings.count) findings, final DOM \(html.utf8.count) bytes"
            // Freeing the events is not part of the measurement (orjson's result is freed after its timer too).
            withExtendedLifetime(session) {}
            withExtendedLifetime(dom) {}
        }
        let megabytes = Double(bytes.count) / 1_000_000
        print(String(format: "%@\t%.6f\t%.6f\t%.1f\t%@", file, best, bestDecode, megabytes / best, summary))
    }

default:
    fail("usage: replay-bench generate [--style-sheets] --megabytes N [--seed S] --out FILE | reconstruct [--runs N] FILE...")
}
