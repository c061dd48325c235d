import SessionModel

/// The reference server's own server-side redaction (`RedactionProfile.referenceServer`), which the `leak` fault switches off.
///
/// It masks the text of rrweb Input events (incremental source 5) with `*` of the
/// same length, and replaces string values of sensitive keys (`authorization`,
/// `cookie`, `set-cookie`, `password`, `x-api-key`) anywhere in event data with
/// `[redacted]`, the way a backend that does not trust its SDKs would.
enum Redaction {
    static let sensitiveKeys = Set(RedactionProfile.referenceServer.redactedKeys)

    static func redact(batch: JSONValue) -> JSONValue {
        guard case .object(var object) = batch, case .array(let events)? = object["events"] else { return batch }
        object["events"] = .array(events.map(redact(event:)))
        return .object(object)
    }

    static func redact(event: JSONValue) -> JSONValue {
        guard case .object(var object) = event, case .object(var data)? = object["data"] else { return event }
        if object["type"]?.intValue == 3, data["source"]?.intValue == 5, case .string(let text)? = data["text"] {
            data["text"] = .string(String(repeating: "*", count: text.count))
        }
        object["data"] = redactKeys(.object(data))
        return .object(object)
    }

    static func redactKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { member in
                if sensitiveKeys.contains(member.key.lowercased()), case .string = member.value {
                    return (key: member.key, value: .string(RedactionProfile.redactedValue))
                }
                return (key: member.key, value: redactKeys(member.value))
            }))
        case .array(let items):
            return .array(items.map(redactKeys))
        default:
            return value
        }
    }

    /// A visitor id derived from the user agent alone: what the `link` fault stores, linking any two sites.
    static func fingerprint(_ userAgent: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in userAgent.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "fp-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
