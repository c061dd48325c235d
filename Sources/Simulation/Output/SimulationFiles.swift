import SessionModel

/// The files `generate` writes for one simulation, as relative paths and bytes (pretty canonical JSON, trailing newline).
///
/// Layout under the scenario's folder:
/// - `manifest.json`: the truth (see `ManifestBuilder`).
/// - `session-N/events.json`: every event of session N, window after window, each window
///   starting with Meta and FullSnapshot, in emission order.
/// - `session-N/window-K.json`: the events of window K alone, when the session has more than one.
/// - `session-N/uploads.json`: the session's uploads in scheduling order, each with its
///   schedule, attempts, outcome and the `UploadBatch` itself.
///
/// `byteLimit` caps the files' total size: rendering stops at the first file that would pass it, so a page
/// made to explode cannot fill the disk or the memory.
public enum SimulationFiles {
    /// The files would hold more than the limit; none of them should be written.
    public struct TooLarge: Error, Sendable, Equatable {
        /// The limit, in bytes.
        public var limit: Int
        /// The bytes of the files rendered so far, the one that passed the limit included.
        public var reached: Int
        /// The file that passed it (`session-1/events.json`).
        public var path: String
    }

    public static func render(_ simulation: Simulation, byteLimit: Int = .max) throws(TooLarge) -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = []
        var total = 0
        func add(_ path: String, _ bytes: [UInt8]) throws(TooLarge) {
            total += bytes.count
            guard total <= byteLimit else { throw TooLarge(limit: byteLimit, reached: total, path: path) }
            files.append((path, bytes))
        }
        try add("manifest.json", JSONWriter.canonicalBytes(simulation.manifest, style: .pretty))
        for session in simulation.sessions {
            let folder = "session-\(session.index)/"
            try add(folder + "events.json", session.recording(style: .pretty) + [0x0A])
            if session.windows.count > 1 {
                for (offset, window) in session.windows.enumerated() {
                    try add(folder + "window-\(offset + 1).json", window.recording(style: .pretty) + [0x0A])
                }
            }
            let uploads = simulation.uploads.indices.filter {
                simulation.uploads[$0].batch.sessionId == session.sessionId && simulation.uploads[$0].person == session.person
            }
            var writer = JSONWriter(style: .pretty, reservingCapacity: 1 << 16)
            writer.beginArray()
            for index in uploads {
                writer.nextElement()
                uploadJSON(simulation.uploads[index], index: index, into: &writer)
            }
            writer.endArray()
            try add(folder + "uploads.json", writer.bytes + [0x0A])
        }
        return files
    }

    private static func uploadJSON(_ upload: ScheduledUpload, index: Int, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.writeKey("attempts")
        writer.write(.array(upload.attempts.map { attempt in
            ["at": .integer(attempt.at), "completedAt": .integer(attempt.completedAt), "status": .integer(Int64(attempt.status)), "transport": .string(attempt.transport)]
        }))
        writer.writeKey("batch"); upload.batch.write(to: &writer)
        writer.writeKey("byteSize"); writer.write(upload.byteSize)
        writer.writeKey("index"); writer.write(index)
        writer.writeKey("isRecoveredLeftover"); writer.write(upload.isRecoveredLeftover)
        writer.writeKey("outcome"); writer.write(upload.outcome.rawValue)
        writer.writeKey("recoveredBy"); if let by = upload.recoveredBy { writer.write(by) } else { writer.writeNull() }
        writer.writeKey("recoveredFrom"); if let from = upload.recoveredFrom { writer.write(from) } else { writer.writeNull() }
        writer.writeKey("sendAt"); writer.write(upload.sendAt)
        writer.endObject()
    }
}
