// libFuzzer's entry points around the suite's fuzz targets (Tests/IngestServerTests/Fuzz/FuzzTarget.swift).
// Not part of the package: scripts/fuzz.sh compiles this file with the targets and the package's modules,
// instrumented with `-sanitize=fuzzer,address`, into .build-fuzz/fuzz-targets.
import Foundation

/// The target `FUZZ_TARGET` names; the driver refuses to start without one.
let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget.all.first(where: { $0.name == name }) else {
        FileHandle.standardError.write(Data("FUZZ_TARGET must be one of: \(FuzzTarget.all.map(\.name).joined(separator: " "))\n".utf8))
        exit(64)
    }
    return target
}()

/// Called once before fuzzing: writes the target's seed inputs into `FUZZ_SEED_CORPUS` (a folder), if set.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let target = selectedTarget
    if let folder = ProcessInfo.processInfo.environment["FUZZ_SEED_CORPUS"] {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (number, seed) in target.seeds().enumerated() {
            _ = FileManager.default.createFile(atPath: "\(folder)/seed-\(number)", contents: Data(seed))
        }
    }
    return 0
}

/// Runs the target on one input; a crash, an ASan report or a hang is a finding, anything else is fine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selectedTarget.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
