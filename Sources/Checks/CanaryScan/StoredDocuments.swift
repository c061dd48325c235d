import Replay
import SessionModel

/// The documents a scan of stored batches reads: each batch as stored, and what a replay of each window reconstructs.
///
/// A value typed across several input events, or split across text nodes and
/// mutations, is whole only in the reconstruction: the replayed DOM's HTML
/// (text content and form values) and each input's value rebuilt from its
/// events, where an event that does not extend the previous value is taken
/// as appended to it (an SDK sending keystrokes one by one).
enum StoredDocuments {
    /// Each batch as the canonical JSON the server keeps.
    static func batchDocuments(_ batches: [UploadBatch]) -> [CanaryScan.Document] {
        batches.map { batch in
            var writer = JSONWriter()
            batch.write(to: &writer)
            return CanaryScan.Document(place: "stored batch \(BatchKey(batch))", bytes: writer.bytes)
        }
    }

    static func documents(for batches: [UploadBatch]) -> [CanaryScan.Document] {
        var documents = batchDocuments(batches)
        for window in windows(of: batches) {
            let events = window.batches.flatMap(\.events)
            let html = ReplaySession(events: events).finalState().html(style: .display)
            documents.append(CanaryScan.Document(place: "reconstructed DOM of session \(window.session) window \(window.window)", bytes: Array(html.utf8), capturePath: .mutation))
            let inputs = reconstructedInputs(events)
            if !inputs.isEmpty {
                documents.append(CanaryScan.Document(place: "reconstructed input values of session \(window.session) window \(window.window)",
                                                     bytes: Array(inputs.joined(separator: "\n").utf8), capturePath: .input))
            }
        }
        return documents
    }

    static func isReconstruction(_ place: String) -> Bool { place.hasPrefix("reconstructed ") }

    /// Batches grouped by (session, window) in first-seen order, each group in sequence order.
    static func windows(of batches: [UploadBatch]) -> [(session: String, window: String, batches: [UploadBatch])] {
        var groups: [(session: String, window: String, batches: [UploadBatch])] = []
        for batch in batches {
            if let index = groups.firstIndex(where: { $0.session == batch.sessionId && $0.window == batch.windowId }) {
                groups[index].batches.append(batch)
            } else {
                groups.append((batch.sessionId, batch.windowId, [batch]))
            }
        }
        return groups.map { ($0.session, $0.window, $0.batches.sorted { $0.sequence < $1.sequence }) }
    }

    /// Every value each input held, rebuilt from its events: a value that extends the last replaces it, one character is appended.
    static func reconstructedInputs(_ events: [Event]) -> [String] {
        var current: [(id: Int, value: String)] = []
        var values: [String] = []
        for event in events {
            guard case .incrementalSnapshot(.input(let input)) = event.data else { continue }
            if let index = current.firstIndex(where: { $0.id == input.id }) {
                let previous = current[index].value
                if input.text.hasPrefix(previous) {
                    current[index].value = input.text
                } else if input.text.count == 1 {
                    current[index].value = previous + input.text  // one keystroke sent on its own
                } else {
                    values.append(previous)
                    current[index].value = input.text
                }
            } else {
                current.append((input.id, input.text))
            }
        }
        return values + current.map(\.value)
    }
}
