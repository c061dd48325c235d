/// What a Custom event (type 5) says, for the tags this package writes and reads; the one place their JSON is read and written.
///
/// | case | tag | payload |
/// | --- | --- | --- |
/// | `scriptError` | `error` | `{"type","message","frames":[{"file","line","column","function"}],"handled"}`, throwing frame first |
/// | `unhandledRejection` | `unhandledrejection` | `{"reason"}` |
/// | `reduxAction` | `redux` | `{"action","state"}` |
/// | `identify` | `identify` | `{"userId","traits"}` |
/// | `other` | any other | as recorded |
///
/// Reading is lenient, as recordings from other SDKs need: a member that is
/// missing or of another type takes its default (`"Error"`, `""`, no frames,
/// not handled, `null`), and an `identify` payload without a `userId` member is
/// itself the user id.
///
/// ```swift
/// if case .scriptError(let error) = CustomPayload(custom) { print(error.type, error.message) }
/// ```
public enum CustomPayload: Sendable, Equatable {
    /// A JavaScript error the page threw.
    case scriptError(ScriptError)
    /// A promise rejected with no handler, with its reason when it had one.
    case unhandledRejection(reason: JSONValue?)
    /// A Redux action (`{"type", ...}`) and the store's state after it.
    case reduxAction(action: JSONValue, state: JSONValue)
    /// The application naming its user, with the user's traits when it gave them.
    case identify(userId: JSONValue, traits: JSONValue?)
    /// Any other tag, with its payload as recorded.
    case other(tag: String, payload: JSONValue)

    /// Reads the payload of `custom` by its tag.
    public init(_ custom: CustomEvent) {
        let payload = custom.payload
        switch custom.tag {
        case Tag.scriptError:
            self = .scriptError(ScriptError(
                type: payload["type"]?.stringValue ?? "Error",
                message: payload["message"]?.stringValue ?? "",
                frames: (payload["frames"]?.arrayValue ?? []).compactMap(Self.frame),
                handled: payload["handled"]?.boolValue ?? false))
        case Tag.unhandledRejection:
            self = .unhandledRejection(reason: payload["reason"])
        case Tag.reduxAction:
            self = .reduxAction(action: payload["action"] ?? .null, state: payload["state"] ?? .null)
        case Tag.identify:
            if let userId = payload["userId"] {
                self = .identify(userId: userId, traits: payload["traits"])
            } else {
                self = .identify(userId: payload, traits: nil)
            }
        default:
            self = .other(tag: custom.tag, payload: payload)
        }
    }

    /// The Custom event that carries this payload.
    public var customEvent: CustomEvent {
        switch self {
        case .scriptError(let error):
            return CustomEvent(tag: Tag.scriptError, payload: .object(error.payload))
        case .unhandledRejection(let reason):
            var payload = JSONObject()
            if let reason { payload["reason"] = reason }
            return CustomEvent(tag: Tag.unhandledRejection, payload: .object(payload))
        case .reduxAction(let action, let state):
            return CustomEvent(tag: Tag.reduxAction, payload: ["action": action, "state": state])
        case .identify(let userId, let traits):
            var payload: JSONObject = ["userId": userId]
            if let traits { payload["traits"] = traits }
            return CustomEvent(tag: Tag.identify, payload: .object(payload))
        case .other(let tag, let payload):
            return CustomEvent(tag: tag, payload: payload)
        }
    }

    /// The tags of the payloads this package knows.
    private enum Tag {
        static let scriptError = "error"
        static let unhandledRejection = "unhandledrejection"
        static let reduxAction = "redux"
        static let identify = "identify"
    }

    private static func frame(_ json: JSONValue) -> ScriptError.Frame? {
        guard case .object = json else { return nil }
        return ScriptError.Frame(file: json["file"]?.stringValue ?? "", line: json["line"]?.intValue ?? 0,
                                 column: json["column"]?.intValue ?? 0, function: json["function"]?.stringValue)
    }
}

extension ScriptError {
    /// The payload of the Custom event that carries this error: `{"type","message","frames","handled"}`.
    ///
    /// A replay timeline's error entry has the same members.
    package var payload: JSONObject {
        let frames: [JSONValue] = frames.map { frame in
            var object: JSONObject = ["file": .string(frame.file), "line": .integer(Int64(frame.line)), "column": .integer(Int64(frame.column))]
            if let function = frame.function { object["function"] = .string(function) }
            return .object(object)
        }
        return ["type": .string(type), "message": .string(message), "frames": .array(frames), "handled": .bool(handled)]
    }
}
