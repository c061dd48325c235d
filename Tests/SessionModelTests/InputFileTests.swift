import Foundation
import SessionModel
import Testing

/// Input files are read with a limit, and what cannot be read is said in words.
@Suite("input files")
struct InputFileTests {
    @Test("folders, devices, missing files, files under a file and files over the limit are refused in words")
    func refusals() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("input-file-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("0123456789a".utf8).write(to: URL(fileURLWithPath: folder + "/eleven"))
        let cases: [(path: String, reason: String)] = [
            (folder, "\(folder) is a folder, not a file"),
            ("/dev/zero", "/dev/zero is a device, not a file"),
            (folder + "/missing.json", "no such file or directory"),
            (folder + "/gone/missing.json", "folder \(folder)/gone does not exist"),
            (folder + "/eleven/x", "\(folder)/eleven is a file, not a folder"),
            (folder + "/eleven", "\(folder)/eleven is larger than 10 bytes, the most a recording may be"),
        ]
        for (path, reason) in cases {
            #expect(throws: FileFailure(reason: reason), "\(path)") { try InputFile.read(path, limit: 10, what: "a recording") }
        }
        #expect(try InputFile.read(folder + "/eleven", limit: 11) == Array("0123456789a".utf8))
    }
}
