import SessionModel

/// The way a leaked value travelled: which part of a recording or request carried it.
public enum CapturePath: String, Sendable, Equatable, CaseIterable {
    case fullSnapshot = "full snapshot"
    case mutation
    case input
    /// Any other incremental event (mouse, scroll, selection, ...).
    case incremental = "other incremental event"
    case console
    case networkHeader = "network header"
    case networkBody = "network body"
    case url = "URL"
    case customEvent = "custom event"
    /// Outside any recorded event: the batch or request envelope, or an HTTP header of the upload.
    case envelopeField = "envelope field"
    /// Bytes that are not JSON and carry no hint.
    case unknown

    /// The capture path of the value at `path` in `root`, or nil when nothing in the path tells.
    static func classify(_ path: [JSONPathComponent], in root: JSONValue) -> CapturePath? {
        var value = root
        var event: (JSONObject, Int)?
        var keysAfterEvent: [String] = []
        for component in path {
            if let object = value.objectValue, case .integer(let type)? = object["type"], object["data"] != nil || object["timestamp"] != nil {
                event = (object, Int(type))
                keysAfterEvent = []
            }
            switch component {
            case .key(let key):
                guard let next = value.objectValue?[key] else { return nil }
                keysAfterEvent.append(key)
                value = next
            case .index(let index):
                guard let items = value.arrayValue, index < items.count else { return nil }
                value = items[index]
            }
        }
        guard let (object, type) = event else {
            // Incremental data compressed on its own (PostHog's `cv`): the root is the event's data.
            if case .integer(let source)? = root.objectValue?["source"] { return incremental(source: Int(source)) }
            if let key = path.last, case .key(let name) = key, ["url", "href", "$current_url", "referrer"].contains(name) { return .url }
            return nil
        }
        switch type {
        case 2: return .fullSnapshot
        case 4: return .url
        case 3:
            if case .integer(let source)? = object["data"]?.objectValue?["source"] { return incremental(source: Int(source)) }
            return .incremental
        case 5: return .customEvent
        case 6:
            let plugin = object["data"]?.objectValue?["plugin"]?.stringValue ?? ""
            if plugin.contains("console") { return .console }
            if plugin.contains("network") {
                if keysAfterEvent.contains(where: { $0.lowercased().contains("header") }) { return .networkHeader }
                if let last = keysAfterEvent.last, ["name", "url"].contains(last) { return .url }
                return .networkBody
            }
            return .customEvent
        default: return .incremental
        }
    }

    static func incremental(source: Int) -> CapturePath {
        switch source {
        case 0: return .mutation
        case 5: return .input
        default: return .incremental
        }
    }
}
