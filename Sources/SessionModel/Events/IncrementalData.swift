/// The payload of an incremental snapshot event, chosen by its `source`.
///
/// Sources this model has no type for (canvas, fonts, style declarations,
/// adopted style sheets, custom elements, the legacy log, and future ones)
/// keep their whole `data` object in `.other`.
public enum IncrementalData: JSONCodable {
    case mutation(Mutation)
    /// MouseMove, TouchMove or Drag positions.
    case mouseMove(MouseMove)
    case mouseInteraction(MouseInteraction)
    case scroll(Scroll)
    case viewportResize(ViewportResize)
    case input(Input)
    case mediaInteraction(MediaInteraction)
    case styleSheetRule(StyleSheetRule)
    case selection(Selection)
    case other(source: IncrementalSource, data: JSONObject)

    public var source: IncrementalSource {
        switch self {
        case .mutation: return .mutation
        case .mouseMove(let move): return move.source
        case .mouseInteraction: return .mouseInteraction
        case .scroll: return .scroll
        case .viewportResize: return .viewportResize
        case .input: return .input
        case .mediaInteraction: return .mediaInteraction
        case .styleSheetRule: return .styleSheetRule
        case .selection: return .selection
        case .other(let source, _): return source
        }
    }

    public init(json: JSONValue) throws(RecordingError) {
        guard case .object(let object) = json else {
            throw RecordingError(message: "expected an object, found \(json.kindName)")
        }
        guard let sourceValue = object["source"], let raw = sourceValue.intValue else {
            throw RecordingError(message: object.contains("source") ? "\"source\" must be a whole number" : "missing member \"source\"")
        }
        switch IncrementalSource(rawValue: raw) {
        case .mutation: self = .mutation(try Mutation(json: json))
        case .mouseMove, .touchMove, .drag: self = .mouseMove(try MouseMove(json: json))
        case .mouseInteraction: self = .mouseInteraction(try MouseInteraction(json: json))
        case .scroll: self = .scroll(try Scroll(json: json))
        case .viewportResize: self = .viewportResize(try ViewportResize(json: json))
        case .input: self = .input(try Input(json: json))
        case .mediaInteraction: self = .mediaInteraction(try MediaInteraction(json: json))
        case .styleSheetRule: self = .styleSheetRule(try StyleSheetRule(json: json))
        case .selection: self = .selection(try Selection(json: json))
        default:
            var data = object
            data.removeValue(forKey: "source")
            self = .other(source: IncrementalSource(rawValue: raw), data: data)
        }
    }

    /// Writes the whole incremental snapshot event of this data, `{"data":{...},"timestamp":N,"type":3}`,
    /// from its kind's fixed template, and returns true; false (writing nothing) when the kind has no
    /// template or the data does not fit it (extra members, fractional coordinates).
    func writeEvent(timestamp: Int64, to writer: inout JSONWriter) -> Bool {
        switch self {
        case .scroll(let payload): return payload.writeEvent(timestamp: timestamp, to: &writer)
        case .mouseInteraction(let payload): return payload.writeEvent(timestamp: timestamp, to: &writer)
        case .input(let payload): return payload.writeEvent(timestamp: timestamp, to: &writer)
        default: return false
        }
    }

    public func write(to writer: inout JSONWriter) {
        switch self {
        case .mutation(let payload): payload.write(to: &writer)
        case .mouseMove(let payload): payload.write(to: &writer)
        case .mouseInteraction(let payload): payload.write(to: &writer)
        case .scroll(let payload): payload.write(to: &writer)
        case .viewportResize(let payload): payload.write(to: &writer)
        case .input(let payload): payload.write(to: &writer)
        case .mediaInteraction(let payload): payload.write(to: &writer)
        case .styleSheetRule(let payload): payload.write(to: &writer)
        case .selection(let payload): payload.write(to: &writer)
        case .other(let source, let data):
            var object = MemberWriter(&writer, extras: data)
            object.key("source", &writer); writer.write(source.rawValue)
            object.end(&writer)
        }
    }
}
