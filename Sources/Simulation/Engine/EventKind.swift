import SessionModel

/// What the manifest counts an event under, taken from its data without building the name.
///
/// `emit` counts every event; comparing these is cheaper than building and comparing a string
/// per event (`Plugin:` + the plugin name, say). `name` is the manifest's name for the kind, and
/// distinct kinds have distinct names: type and source names share none, and only plugin and
/// custom names have a colon, after different prefixes.
enum EventKind: Equatable {
    /// An event counted by its type (`Meta`, `FullSnapshot`, ...).
    case type(EventType)
    /// An incremental snapshot, counted by its source (`MouseMove`, `Input`, ...).
    case incremental(IncrementalSource)
    /// A plugin event, by plugin name.
    case plugin(String)
    /// A custom event, by tag.
    case custom(String)

    /// The kind of an event with this data (a function, not an initializer, so `data` is borrowed, not consumed).
    static func of(_ data: EventData) -> EventKind {
        switch data {
        case .incrementalSnapshot(let incremental): return .incremental(incremental.source)
        case .plugin(let plugin): return .plugin(plugin.plugin)
        case .custom(let custom): return .custom(custom.tag)
        default: return .type(data.type)
        }
    }

    /// The name in the manifest's `eventCounts` (`FullSnapshot`, `MouseMove`, `Plugin:rrweb/console@1`, `Custom:error`).
    var name: String {
        switch self {
        case .type(let type): return type.description
        case .incremental(let source): return source.description
        case .plugin(let plugin): return "Plugin:" + plugin
        case .custom(let tag): return "Custom:" + tag
        }
    }
}
