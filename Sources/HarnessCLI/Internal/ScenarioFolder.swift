import Foundation
import SessionModel

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
    /// Replaces `output/name` with `files`; the error says in words what could not be written.
    static func replace(_ name: String, in output: String, with files: [(path: String, bytes: [UInt8])]) throws(FileFailure) {
        let folder = output + "/" + name
        let partial = output + "/." + name + ".partial"
        try OutputFile.createFolder(output)
        try remove(partial)
        do throws(FileFailure) {
            for file in files {
                let path = partial + "/" + file.path
                try OutputFile.createFolder(String(path[..<path.lastIndex(of: "/")!]))
                try OutputFile.write(file.bytes, to: path)
            }
            try remove(folder)
            do {
                try FileManager.default.moveItem(atPath: partial, toPath: folder)
            } catch {
                throw FileFailure(reason: FailureReason.wordsNamingFile(for: error))
            }
        } catch {
            try? remove(partial)
            throw error
        }
    }

    private static func remove(_ path: String) throws(FileFailure) {
        guard (try? FileManager.default.attributesOfItem(atPath: path)) != nil else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw FileFailure(reason: FailureReason.wordsNamingFile(for: error))
        }
    }
}
