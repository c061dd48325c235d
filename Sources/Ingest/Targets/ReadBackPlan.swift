import Foundation
import SessionModel

/// How a configuration fetches what was stored for a session: request steps that fan out into rows, then a mapping to batches.
struct ReadBackPlan: Sendable {
    enum Pagination: Sendable {
        case next(JSONQuery)
        case cursor(JSONQuery, param: String)
        case page(param: String, start: Int)
    }

    /// What a step does for each row: one request (with its pages), or a program that answers rows or batches.
    enum Action: Sendable {
        case request(RequestTemplate)
        case program(ExternalProgram)
    }

    struct Step: Sendable {
        var action: Action
        var paginate: Pagination?
        var each: JSONQuery
        var wherePath: JSONQuery?
        var whereEquals: Template?
        var bind: [(String, JSONQuery)]
        /// The names a program step's rows must give.
        var programBinds: [String]
        var allowOtherHosts: Bool
    }

    /// How a batch member is taken: a JSON path into the item, or a template over the row.
    enum Source: Sendable {
        case path(JSONQuery)
        case template(Template)
    }

    var steps: [Step]
    /// The mapping from items to batches; empty when the last step is a program that prints batches itself.
    var batches: [(String, Source)]

    static let maximumPages = 1000

    /// Reads `$.readBack`; `folder` is the configuration file's, against which programs' relative words resolve.
    init?(_ value: JSONValue, common: [String], folder: String?, reader: inout ConfigurationReader) {
        let members = TargetConfiguration.members
        guard let object = reader.object(value, at: "$.readBack", known: members["readBack"]!) else { return nil }
        var names = ["sessionId"] + common
        var steps: [Step] = []
        let stepValues = object["steps"]?.arrayValue ?? []
        if stepValues.isEmpty { reader.fail("$.readBack.steps", "missing: a non-empty array of steps") }
        for (index, stepValue) in stepValues.enumerated() {
            let at = "$.readBack.steps[\(index)]"
            guard let step = reader.object(stepValue, at: at, known: members["step"]!) else { continue }
            if step["run"] != nil {
                for key in step.keys where !ExternalProgram.members.contains(key) && key != "bind" {
                    reader.fail(ConfigurationReader.child(at, key), "a run step takes only run, timeoutSeconds and bind (the names its rows give)")
                }
                var binds: [String] = []
                if let names = step["bind"] {
                    binds = names.arrayValue?.compactMap(\.stringValue) ?? []
                    if names.arrayValue?.count != binds.count || binds.isEmpty { reader.fail("\(at).bind", "a run step's bind is an array of the names its rows give") }
                }
                names += binds
                guard let program = ExternalProgram(step, at: at, folder: folder, reader: &reader) else { continue }
                steps.append(Step(action: .program(program), paginate: nil, each: try! JSONQuery(parsing: "$"), wherePath: nil, whereEquals: nil,
                                  bind: [], programBinds: binds, allowOtherHosts: false))
                continue
            }
            if step["request"] == nil { reader.fail(at, "needs a request (or run, for a program)"); continue }
            guard let request = RequestTemplate(step["request"], at: "\(at).request", known: names, members: members["request"]!, reader: &reader) else { continue }
            var paginate: Pagination?
            if let page = reader.object(step["paginate"], at: "\(at).paginate", known: members["paginate"]!) {
                if page["next"] != nil {
                    paginate = reader.query(page["next"], at: "\(at).paginate.next").map(Pagination.next)
                } else if page["cursor"] != nil {
                    let param = reader.string(page["param"], at: "\(at).paginate.param") ?? "cursor"
                    paginate = reader.query(page["cursor"], at: "\(at).paginate.cursor").map { .cursor($0, param: param) }
                } else if let param = reader.string(page["page"], at: "\(at).paginate.page") {
                    paginate = .page(param: param, start: page["start"]?.intValue ?? 1)
                } else {
                    reader.fail("\(at).paginate", "needs next, cursor (with param) or page")
                }
            }
            let each = step["each"].flatMap { reader.query($0, at: "\(at).each") } ?? (try! JSONQuery(parsing: "$"))
            var wherePath: JSONQuery?
            var whereEquals: Template?
            if let condition = reader.object(step["where"], at: "\(at).where", known: members["where"]!) {
                wherePath = reader.query(condition["path"], at: "\(at).where.path")
                let equals = condition["equals"].map { $0.stringValue != nil ? $0 : .string(Template.text(of: $0)) }
                whereEquals = reader.template(equals, at: "\(at).where.equals", known: names)
                if wherePath == nil || whereEquals == nil, condition["path"] == nil || condition["equals"] == nil {
                    reader.fail("\(at).where", "needs path and equals")
                }
            }
            var bind: [(String, JSONQuery)] = []
            if let binds = reader.object(step["bind"], at: "\(at).bind", known: step["bind"]?.objectValue?.keys ?? []) {
                for member in binds.members {
                    if let query = reader.query(member.value, at: ConfigurationReader.child("\(at).bind", member.key)) { bind.append((member.key, query)); names.append(member.key) }
                }
            }
            steps.append(Step(action: .request(request), paginate: paginate, each: each, wherePath: wherePath, whereEquals: whereEquals,
                              bind: bind, programBinds: [], allowOtherHosts: step["allowOtherHosts"]?.boolValue ?? false))
        }
        self.steps = steps
        var batches: [(String, Source)] = []
        if let mapping = reader.object(object["batches"], at: "$.readBack.batches", known: members["batches"]!) {
            for member in mapping.members {
                let at = ConfigurationReader.child("$.readBack.batches", member.key)
                guard let text = reader.string(member.value, at: at) else { continue }
                if text.hasPrefix("$") {
                    if let query = reader.query(member.value, at: at) { batches.append((member.key, .path(query))) }
                } else if let template = reader.template(member.value, at: at, known: names) {
                    batches.append((member.key, .template(template)))
                }
            }
            for required in ["sequence", "events"] where mapping[required] == nil { reader.fail("$.readBack.batches.\(required)", "missing") }
        } else if object["batches"] == nil, case .request? = steps.last?.action {
            reader.fail("$.readBack.batches", "missing: how each item becomes a batch")
        }
        self.batches = batches
    }
}

/// Reads back through a configuration's plan.
public struct TargetReadBack: ReadBack {
    public var baseURL: URL
    public var configuration: TargetConfiguration

    public init(baseURL: URL, configuration: TargetConfiguration) {
        self.baseURL = baseURL
        self.configuration = configuration
    }

    public func batches(session: String) async throws -> [UploadBatch] {
        try await batches(session: session, origins: [])
    }

    public func batches(session: String, origins: [String]) async throws -> [UploadBatch] {
        guard let plan = configuration.readBack else {
            throw ReadBackError("the configuration '\(configuration.name)' has no readBack: nothing can be read back")
        }
        var first = configuration.commonValues(origin: origins.first)
        first["sessionId"] = .string(session)
        var rows: [(values: TemplateValues, item: JSONValue)] = [(first, .null)]
        let transport = Transport(baseURL: baseURL, policy: .none)
        for (index, step) in plan.steps.enumerated() {
            if case .program(let program) = step.action {
                let printsBatches = index == plan.steps.count - 1 && plan.batches.isEmpty
                if printsBatches { return try await programBatches(program, number: index + 1, rows: rows.map(\.values)) }
                rows = try await programRows(program, step: step, number: index + 1, rows: rows.map(\.values))
                continue
            }
            var next: [(values: TemplateValues, item: JSONValue)] = []
            for row in rows {
                next += try Self.rows(step, row: row.values, items: try await items(step, number: index + 1, row: row.values, transport: transport))
            }
            rows = next
        }
        return try rows.enumerated().map { offset, row in try Self.batch(plan, row: row.values, item: row.item, at: offset) }
    }

    /// The rows a request step makes of the items it selected for one row: those its `where` keeps, with its binds.
    static func rows(_ step: ReadBackPlan.Step, row: TemplateValues, items: [JSONValue]) throws -> [(values: TemplateValues, item: JSONValue)] {
        var next: [(values: TemplateValues, item: JSONValue)] = []
        for item in items {
            if let path = step.wherePath, let equals = step.whereEquals {
                let expected = try equals.value(row)
                guard let found = path.first(in: item), found == expected || Template.text(of: found) == Template.text(of: expected) else { continue }
            }
            var values = row
            for (name, query) in step.bind { values[name] = query.first(in: item) ?? .null }
            next.append((values, item))
        }
        return next
    }

    /// One item (and its row) as a batch, through the plan's `batches` mapping; `offset` numbers it in errors.
    static func batch(_ plan: ReadBackPlan, row: TemplateValues, item: JSONValue, at offset: Int) throws -> UploadBatch {
        var members: [String: JSONValue] = [:]
        for (name, source) in plan.batches {
            switch source {
            case .path(let query): members[name] = query.first(in: item) ?? .null
            case .template(let template): members[name] = try template.value(row)
            }
        }
        func text(_ key: String) -> String { members[key].map(Template.text(of:)) ?? "" }
        let sequence: Int
        switch members["sequence"] {
        case .integer(let number)?: sequence = Int(number)
        case .string(let digits)? where Int(digits) != nil: sequence = Int(digits)!
        default: throw ReadBackError("read-back item \(offset): sequence is \(members["sequence"].map(JSONWriter.canonicalString) ?? "missing"), not a whole number")
        }
        var eventsValue = members["events"] ?? .null
        if case .string(let text) = eventsValue { eventsValue = (try? JSONReader.parse(text)) ?? .null }
        guard let eventValues = eventsValue.arrayValue else { throw ReadBackError("read-back item \(offset): events is not an array (nor a string holding one)") }
        let events = try eventValues.map { try Event(json: $0) }
        let userId = members["userId"].flatMap { $0.isNull ? nil : Template.text(of: $0) }
        let userAgent = members["userAgent"].flatMap { $0.isNull ? nil : Template.text(of: $0) } ?? UploadBatch.defaultUserAgent
        return UploadBatch(sessionId: text("sessionId"), windowId: text("windowId"), pageId: text("pageId"), sequence: sequence,
                           distinctId: text("distinctId"), userId: userId, origin: text("origin"), userAgent: userAgent, events: events)
    }

    /// What a program step is given for one row: the endpoint and the row's bindings.
    private func programInput(_ row: TemplateValues) -> JSONValue {
        let bindings = row.values.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        return .object(JSONObject([(key: "endpoint", value: .string(baseURL.absoluteString)), (key: "row", value: .object(JSONObject(bindings)))]))
    }

    /// A program step's `{"rows": [...]}` for every row: each printed row adds its names to the row and is the item batches map from.
    private func programRows(_ program: ExternalProgram, step: ReadBackPlan.Step, number: Int,
                             rows: [TemplateValues]) async throws -> [(values: TemplateValues, item: JSONValue)] {
        var next: [(values: TemplateValues, item: JSONValue)] = []
        for row in rows {
            let answer = try await ask(program, number: number, row: row)
            guard let printed = answer["rows"]?.arrayValue else { throw ReadBackError("read-back step \(number) printed no \"rows\" array") }
            for (offset, value) in printed.enumerated() {
                guard case .object(let object) = value else { throw ReadBackError("read-back step \(number): $.rows[\(offset)] is not an object") }
                var values = row
                for member in object.members { values[member.key] = member.value }
                if let absent = step.programBinds.first(where: { object[$0] == nil }) {
                    throw ReadBackError("read-back step \(number): $.rows[\(offset)] does not give '\(absent)', which the step's bind names")
                }
                next.append((values, value))
            }
        }
        return next
    }

    /// A last program step's `{"batches": [UploadBatch JSON, ...]}` for every row.
    private func programBatches(_ program: ExternalProgram, number: Int, rows: [TemplateValues]) async throws -> [UploadBatch] {
        var found: [UploadBatch] = []
        for row in rows {
            let answer = try await ask(program, number: number, row: row)
            guard let printed = answer["batches"]?.arrayValue else { throw ReadBackError("read-back step \(number) printed no \"batches\" array") }
            for (offset, value) in printed.enumerated() {
                do { found.append(try UploadBatch(json: value)) } catch {
                    throw ReadBackError("read-back step \(number): $.batches[\(offset)] is not a batch: \(error)")
                }
            }
        }
        return found
    }

    private func ask(_ program: ExternalProgram, number: Int, row: TemplateValues) async throws -> JSONObject {
        do { return try await program.answer(to: programInput(row), purpose: "read-back step \(number)") } catch { throw ReadBackError(error.message) }
    }

    /// Every item a step selects for one row, over all its pages.
    private func items(_ step: ReadBackPlan.Step, number: Int, row: TemplateValues, transport: Transport) async throws -> [JSONValue] {
        guard case .request(let template) = step.action else { return [] }
        var request = try template.build(row)
        if request.path.hasPrefix("http://") || request.path.hasPrefix("https://") { try checkHost(request.path, step: step, number: number) }
        var found: [JSONValue] = []
        var page = 0
        if case .page(let param, let start) = step.paginate { request.path = Self.adding(param, String(start), to: request.path) }
        let original = request
        while true {
            page += 1
            if page > ReadBackPlan.maximumPages { throw ReadBackError("read-back step \(number): more than \(ReadBackPlan.maximumPages) pages; stopped") }
            let (status, body) = try await transport.fetch(request)
            if status == 404 { break }
            let excerpt = ControlCharacters.excerpt(body)
            guard (200..<300).contains(status) else { throw ReadBackError("read-back step \(number) (\(request.method) \(request.path)) answered \(status): \(excerpt)") }
            guard let json = try? JSONReader.parse(body) else {
                throw ReadBackError("read-back step \(number) (\(request.method) \(request.path)) answered \(status) with a body that is not JSON: \(excerpt)")
            }
            let selected = step.each.select(in: json)
            found += selected
            switch step.paginate {
            case nil: return found
            case .next(let query)?:
                guard let link = query.first(in: json)?.stringValue, !link.isEmpty else { return found }
                if link.hasPrefix("http://") || link.hasPrefix("https://") { try checkHost(link, step: step, number: number) }
                request.path = link
            case .cursor(let query, let param)?:
                guard let cursor = query.first(in: json), !cursor.isNull else { return found }
                request.path = Self.adding(param, Template.text(of: cursor), to: original.path)
            case .page(let param, let start)?:
                if selected.isEmpty { return found }
                request.path = Self.adding(param, String(start + page), to: Self.removing(param, from: original.path))
            }
        }
        return found
    }

    static func adding(_ name: String, _ value: String, to path: String) -> String {
        path + (path.contains("?") ? "&" : "?") + PercentCoding.encode(name) + "=" + PercentCoding.encode(value)
    }

    static func removing(_ name: String, from path: String) -> String {
        guard let question = path.firstIndex(of: "?") else { return path }
        let kept = path[path.index(after: question)...].split(separator: "&").filter { !$0.hasPrefix(PercentCoding.encode(name) + "=") }
        return String(path[..<question]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    private func checkHost(_ link: String, step: ReadBackPlan.Step, number: Int) throws {
        guard !step.allowOtherHosts else { return }
        guard let url = URL(string: link), url.scheme == baseURL.scheme, url.host == baseURL.host, url.port == baseURL.port else {
            throw ReadBackError("read-back step \(number): \(link) is not on the endpoint's scheme, host and port (\(baseURL.absoluteString)); set allowOtherHosts to follow it")
        }
    }
}
