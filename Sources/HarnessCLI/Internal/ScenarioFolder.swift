import Foundation

/// Writes one scenario's `generate` files so that a failure leaves the previous folder or nothing, never half of one.
///
/// The files go to `OUTPUT/.NAME.partial` first; only when every byte is written is the old `OUTPUT/NAME`
/// removed and the partial folder renamed into its place. On an error the partial folder is removed, and a
/// process killed mid-write leaves a folder whose name says it is partial.
///
/// ```swift
/// try ScenarioFolder.replace("checkout", in: "out", with: files)   // out/checkout/manifest.json, ...
/// ```
enum ScenarioFolder {
    static func replace(_ name: String, in output: String, with files: [(path: String, bytes: [UInt8])]) throws {
        let manager = FileManager.default
        let folder = output + "/" + name
        let partial = output + "/." + name + ".partial"
        try manager.createDirectory(atPath: output, withIntermediateDirectories: true)
        if manager.fileExists(atPath: partial) { try manager.removeItem(atPath: partial) }
        do {
            for file in files {
                let url = URL(fileURLWithPath: partial + "/" + file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url)
            }
            if manager.fileExists(atPath: folder) { try manager.removeItem(atPath: folder) }
            try manager.moveItem(atPath: partial, toPath: folder)
        } catch {
            try? manager.removeItem(atPath: partial)
            throw error
        }
    }
}
