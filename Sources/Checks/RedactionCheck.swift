import SessionModel

/// Whether stored data shows the server-side masking the target's redaction profile claims.
///
/// A profile that masks Input text must store every non-empty Input event
/// text as `*`; a redacted key must hold `[redacted]` wherever it holds a
/// string. Each broken claim is one finding naming the first few places
/// (batch, event index, JSON path), so a reviewer can open them.
///
/// ```swift
/// for finding in RedactionCheck.findings(profile: .referenceServer, stored: batches) { print(finding) }
/// ```
public enum RedactionCheck {
    /// How many places a finding lists before it only counts.
    static let placesShown = 3

    public static func findings(profile: RedactionProfile, stored: [UploadBatch]) -> [String] {
        var clearInputs: [String] = []
        var clearKeys: [String: [String]] = [:]
        let keys = Set(profile.redactedKeys)
        for batch in stored {
            for (index, event) in batch.events.enumerated() {
                let place = "session \(batch.sessionId) window \(batch.windowId) sequence \(batch.sequence) event \(index)"
                if profile.masksInputText, case .incrementalSnapshot(.input(let input)) = event.data,
                   !input.text.isEmpty, input.text.contains(where: { $0 != "*" }) {
                    clearInputs.append("\(place) ($.data.text)")
                }
                if !keys.isEmpty, let data = event.jsonValue.objectValue?["data"] {
                    unredacted(keys, in: data, path: "$.data") { key, path in clearKeys[key, default: []].append("\(place) (\(path))") }
                }
            }
        }
        var findings: [String] = []
        if !clearInputs.isEmpty {
            findings.append("the target's redaction profile says it masks Input event text, but \(quantity(clearInputs.count, "Input event")) \(clearInputs.count == 1 ? "was" : "were") stored in clear: \(listing(clearInputs))")
        }
        for key in clearKeys.keys.sorted() {
            let places = clearKeys[key]!
            findings.append("the target's redaction profile says it redacts '\(key)', but \(quantity(places.count, "value")) of it \(places.count == 1 ? "was" : "were") stored in clear: \(listing(places))")
        }
        return findings
    }

    /// Calls `found` with each key of `keys` in `value` that holds a string other than `[redacted]`, and its JSON path.
    private static func unredacted(_ keys: Set<String>, in value: JSONValue, path: String, found: (String, String) -> Void) {
        switch value {
        case .object(let object):
            for member in object.members {
                let memberPath = path + "['\(member.key)']"
                if keys.contains(member.key.lowercased()), case .string(let text) = member.value, text != RedactionProfile.redactedValue {
                    found(member.key.lowercased(), memberPath)
                } else {
                    unredacted(keys, in: member.value, path: memberPath, found: found)
                }
            }
        case .array(let items):
            for (offset, item) in items.enumerated() { unredacted(keys, in: item, path: "\(path)[\(offset)]", found: found) }
        default:
            break
        }
    }

    private static func listing(_ places: [String]) -> String {
        places.prefix(placesShown).joined(separator: "; ") + (places.count > placesShown ? "; and \(places.count - placesShown) more" : "")
    }
}
