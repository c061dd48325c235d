import Foundation
import SessionModel

/// An ingest endpoint described by one JSON file (docs/targets.md): how batches go on the wire, what counts as stored, how to read back.
///
/// It is the `generic` adapter: `--adapter generic --config FILE`.
///
/// ```swift
/// let configuration = try TargetConfiguration(contentsOf: "docs/examples/targets/reference.json", settings: ["token": "t"])
/// let requests = try configuration.requests(for: batch, context: BatchContext.plan([batch])[0])
/// ```
public struct TargetConfiguration: Adapter {
    public let name: String
    /// The golden folder under `golden/targets/`, when the file names one.
    public var golden: String?
    public var storage: StorageGranularity
    /// Every setting with its value after `--setting` overrides; nil when required and not given.
    public var settings: [String: String?]
    /// Per-origin lookup tables: table name → origin (or `*`) → value.
    var tables: [String: [String: JSONValue]]
    /// What the target masks server-side; the `redaction` check holds stored data to it.
    public var redaction: RedactionProfile
    var send: SendAction
    public var compression: BodyCompression
    public let acknowledgement: Acknowledgement
    var readBack: ReadBackPlan?
    var erase: ErasePlan?

    /// The members each section accepts, by section name; `docs/targets.schema.json` must name the same.
    public static let members: [String: [String]] = [
        "": ["name", "golden", "storage", "settings", "tables", "redaction", "send", "readBack", "erase"],
        "redaction": ["maskInputText", "redactKeys"],
        "send": ["method", "path", "query", "headers", "body", "compression", "acknowledged", "run", "timeoutSeconds"],
        "acknowledged": ["status", "body"],
        "acknowledged.body": ["path", "equals"],
        "request": RequestTemplate.members,
        "readBack": ["steps", "batches"],
        "step": ["request", "paginate", "each", "where", "bind", "allowOtherHosts", "run", "timeoutSeconds"],
        "paginate": ["next", "cursor", "param", "page", "start"],
        "where": ["path", "equals"],
        "batches": ["sessionId", "windowId", "pageId", "sequence", "distinctId", "userId", "origin", "userAgent", "events"],
        "erase": ["request", "acknowledged"],
    ]

    /// The names `send` templates may use besides `setting.NAME` and `table.NAME`.
    public static let sendNames = ["sessionId", "windowId", "pageId", "distinctId", "userId", "origin", "userAgent", "sequence",
                                   "pageURL", "pageIndex", "pageSequence", "isLastChunk", "events", "eventsJSON", "eventCount"]

    /// Reads a configuration file; `settings` override the file's own (`--setting NAME=VALUE`).
    public init(contentsOf path: String, settings overrides: [String: String] = [:]) throws(AdapterError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw AdapterError("\(path): cannot read the file") }
        let json: JSONValue
        do { json = try JSONReader.parse([UInt8](data)) } catch { throw AdapterError("\(path): not JSON: \(error)") }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do { try self.init(json: json, settings: overrides, folder: folder) } catch {
            throw AdapterError(error.message.split(separator: "\n").map { "\(path): \($0)" }.joined(separator: "\n"))
        }
    }

    /// Reads a configuration value; every mistake is one line naming its JSON path.
    ///
    /// Programs' words starting with `./` or `../` resolve against `folder` (the file's; by default the working directory).
    public init(json: JSONValue, settings overrides: [String: String] = [:], folder: String? = nil) throws(AdapterError) {
        var reader = ConfigurationReader()
        guard let root = reader.object(json, at: "$", known: Self.members[""]!) else { throw AdapterError("$: the configuration must be a JSON object") }
        name = reader.string(root["name"], at: "$.name") ?? "generic"
        golden = reader.string(root["golden"], at: "$.golden")
        if let golden, !Identifier.isValid(golden) {
            reader.fail("$.golden", "'\(golden)' is not a folder name of [A-Za-z0-9_-]{1,128}")
        }
        switch reader.string(root["storage"], at: "$.storage") ?? "batches" {
        case "batches": storage = .batches
        case "events": storage = .events
        case let other: storage = .batches; reader.fail("$.storage", "'\(other)' is not one of batches, events")
        }
        var settings: [String: String?] = [:]
        if let object = reader.object(root["settings"], at: "$.settings", known: root["settings"]?.objectValue?.keys ?? []) {
            for member in object.members {
                switch member.value {
                case .null: settings[member.key] = .some(nil)
                case .string(let text): settings[member.key] = text
                case .integer, .double, .bool: settings[member.key] = Template.text(of: member.value)
                default: reader.fail(ConfigurationReader.child("$.settings", member.key), "must be a string, number, boolean or null (required)")
                }
            }
        }
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) where key != "config" {
            guard settings[key] != nil else {
                var message = "--setting \(key): the configuration declares no such setting"
                if let near = Suggestions.closest(to: key, among: settings.keys.sorted()) { message += "; did you mean '\(near)'?" }
                reader.issues.append(message)
                continue
            }
            settings[key] = value
        }
        self.settings = settings
        var tables: [String: [String: JSONValue]] = [:]
        if let object = reader.object(root["tables"], at: "$.tables", known: root["tables"]?.objectValue?.keys ?? []) {
            for member in object.members {
                guard case .object(let entries) = member.value else {
                    reader.fail(ConfigurationReader.child("$.tables", member.key), "must be an object of origins to values"); continue
                }
                tables[member.key] = Dictionary(entries.members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            }
        }
        self.tables = tables
        let common = settings.keys.sorted().map { "setting." + $0 } + tables.keys.sorted().map { "table." + $0 }
        redaction = .nothing
        if let object = reader.object(root["redaction"], at: "$.redaction", known: Self.members["redaction"]!) {
            let masks = object["maskInputText"]
            if let masks, masks.boolValue == nil { reader.fail("$.redaction.maskInputText", "must be true or false") }
            let keys = object["redactKeys"]
            let names = keys?.arrayValue?.compactMap(\.stringValue) ?? []
            if let keys, keys.arrayValue?.count != names.count { reader.fail("$.redaction.redactKeys", "must be an array of key names") }
            redaction = RedactionProfile(masksInputText: masks?.boolValue ?? false, redactedKeys: names)
        }
        let sendObject = reader.object(root["send"], at: "$.send", known: Self.members["send"]!)
        if root["send"] == nil { reader.fail("$.send", "missing: how each batch goes on the wire") }
        var sendAction: SendAction?
        if let sendObject, sendObject["run"] != nil {
            for key in ["method", "path", "query", "headers", "body"] where sendObject[key] != nil {
                reader.fail("$.send.\(key)", "a send that runs a program takes the requests it prints; give run or a request, not both")
            }
            sendAction = ExternalProgram(sendObject, at: "$.send", folder: folder, reader: &reader).map(SendAction.program)
        } else {
            var sendJSON = sendObject ?? JSONObject()
            if sendJSON["method"] == nil { sendJSON = JSONObject([(key: "method", value: "POST")] + sendJSON.members) }
            // The members were checked above; the request reader takes them as they are.
            sendJSON = JSONObject(sendJSON.members.filter { !["compression", "acknowledged", "timeoutSeconds"].contains($0.key) })
            sendAction = RequestTemplate(.object(sendJSON), at: "$.send", known: Self.sendNames + common, members: sendJSON.keys, reader: &reader)
                .map(SendAction.request)
        }
        let compressionName = reader.string(sendObject?["compression"], at: "$.send.compression") ?? "none"
        compression = BodyCompression(rawValue: compressionName) ?? .none
        if BodyCompression(rawValue: compressionName) == nil { reader.fail("$.send.compression", "'\(compressionName)' is not one of none, gzip, deflate") }
        acknowledgement = reader.acknowledgement(sendObject?["acknowledged"], at: "$.send.acknowledged")
        readBack = root["readBack"].flatMap { ReadBackPlan($0, common: common, folder: folder, reader: &reader) }
        erase = root["erase"].flatMap { ErasePlan($0, common: common, reader: &reader) }
        guard reader.issues.isEmpty, let sendAction else { throw AdapterError(reader.issues.joined(separator: "\n")) }
        send = sendAction
    }

    /// The settings and table entries (for `origin`) every template may use.
    func commonValues(origin: String?) -> TemplateValues {
        var values = TemplateValues()
        for (key, value) in settings {
            if let value { values["setting." + key] = .string(value) } else { values.missing["setting." + key] = "the setting '\(key)' is required: give --setting \(key)=VALUE" }
        }
        for (table, entries) in tables {
            if let origin, let value = entries[origin] ?? entries["*"] { values["table." + table] = value }
            else if let value = entries["*"] { values["table." + table] = value }
            else { values.missing["table." + table] = "the table '\(table)' has no entry for origin \(origin ?? "(unknown)") and no '*'" }
        }
        return values
    }

    public func requests(for batch: UploadBatch) throws(AdapterError) -> [HTTPRequestBytes] {
        try requests(for: batch, context: BatchContext.plan([batch])[0])
    }

    public func requests(for batch: UploadBatch, context: BatchContext) throws(AdapterError) -> [HTTPRequestBytes] {
        var values = commonValues(origin: batch.origin)
        let events = JSONValue.array(batch.events.map(\.jsonValue))
        let named: [String: JSONValue] = [
            "sessionId": .string(batch.sessionId), "windowId": .string(batch.windowId), "pageId": .string(batch.pageId),
            "sequence": .integer(Int64(batch.sequence)), "distinctId": .string(batch.distinctId),
            "userId": batch.userId.map { .string($0) } ?? .null, "origin": .string(batch.origin), "userAgent": .string(batch.userAgent),
            "events": events, "eventsJSON": .string(JSONWriter.canonicalString(events)), "eventCount": .integer(Int64(batch.events.count)),
            "pageURL": context.pageURL.map { .string($0) } ?? .null, "pageIndex": .integer(Int64(context.pageIndex)),
            "pageSequence": .integer(Int64(context.pageSequence)), "isLastChunk": .bool(context.isLastChunk),
        ]
        for (key, value) in named { values[key] = value }
        var built: [HTTPRequestBytes]
        do {
            switch send {
            case .request(let template): built = [try template.build(values)]
            case .program(let program): built = try program.requests(for: batch, names: values.values)
            }
        } catch { throw AdapterError("\(name): \(error.message)") }
        return built.map { built in
            var request = built
            if let encoding = compression.contentEncoding { request.headers.append(HTTPHeader("Content-Encoding", encoding)) }
            if request.header("Origin") == nil { request.headers.append(HTTPHeader("Origin", batch.origin)) }
            if request.header("User-Agent") == nil { request.headers.append(HTTPHeader("User-Agent", batch.userAgent)) }
            request.body = compression.apply(request.body)
            return request
        }
    }
}
