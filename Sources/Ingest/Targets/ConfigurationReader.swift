import SessionModel

/// Reads a configuration's JSON, collecting every mistake with its JSON path instead of stopping at the first.
struct ConfigurationReader {
    var issues: [String] = []

    mutating func fail(_ path: String, _ message: String) { issues.append("\(path): \(message)") }

    /// `path.key`, or `path['key']` when the key is not a plain name.
    static func child(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
        return plain ? "\(path).\(key)" : "\(path)['\(key)']"
    }

    /// The object at `path`, reporting members not in `known` with a suggestion.
    mutating func object(_ value: JSONValue?, at path: String, known: [String]) -> JSONObject? {
        guard let value else { return nil }
        guard case .object(let object) = value else { fail(path, "must be an object, not \(value.kindName)"); return nil }
        for key in object.keys where !known.contains(key) {
            var message = "unknown member"
            if let near = Suggestions.closest(to: key, among: known) { message += "; did you mean '\(near)'?" }
            else { message += "; known: \(known.joined(separator: ", "))" }
            fail(Self.child(path, key), message)
        }
        return object
    }

    mutating func string(_ value: JSONValue?, at path: String) -> String? {
        guard let value else { return nil }
        guard let text = value.stringValue else { fail(path, "must be a string, not \(value.kindName)"); return nil }
        return text
    }

    mutating func template(_ value: JSONValue?, at path: String, known: [String]) -> Template? {
        guard let text = string(value, at: path) else { return nil }
        do { return try Template(parsing: text, known: known) } catch { fail(path, error.message); return nil }
    }

    mutating func query(_ value: JSONValue?, at path: String) -> JSONQuery? {
        guard let text = string(value, at: path) else { return nil }
        do { return try JSONQuery(parsing: text) } catch { fail(path, error.message); return nil }
    }

    /// A JSON value whose strings are templates (a body).
    mutating func body(_ value: JSONValue, at path: String, known: [String]) -> BodyTemplate {
        switch value {
        case .string:
            return template(value, at: path, known: known).map(BodyTemplate.template) ?? .literal(.null)
        case .array(let items):
            return .array(items.enumerated().map { body($0.element, at: "\(path)[\($0.offset)]", known: known) })
        case .object(let object):
            return .object(object.members.map { ($0.key, body($0.value, at: Self.child(path, $0.key), known: known)) })
        default:
            return .literal(value)
        }
    }

    /// `{"status": [...], "body": {"path", "equals"}}`.
    mutating func acknowledgement(_ value: JSONValue?, at path: String) -> Acknowledgement {
        guard let object = self.object(value, at: path, known: TargetConfiguration.members["acknowledged"]!) else { return .anySuccess }
        var rule = Acknowledgement()
        if let statuses = object["status"] {
            let numbers = statuses.arrayValue?.compactMap(\.intValue) ?? []
            if numbers.isEmpty || numbers.count != statuses.arrayValue?.count || numbers.contains(where: { !(100...599).contains($0) }) {
                fail("\(path).status", "must be a non-empty array of HTTP statuses such as [200, 204]")
            } else {
                rule.statuses = numbers
            }
        }
        if let body = self.object(object["body"], at: "\(path).body", known: TargetConfiguration.members["acknowledged.body"]!) {
            rule.bodyPath = query(body["path"], at: "\(path).body.path")
            if rule.bodyPath == nil, body["path"] == nil { fail("\(path).body.path", "missing: the JSON path of the verdict") }
            switch body["equals"] {
            case nil: fail("\(path).body.equals", "missing: the value (or array of values) that means stored")
            case .array(let values)?: rule.accepted = values
            case let value?: rule.accepted = [value]
            }
        }
        return rule
    }
}

/// A JSON body whose strings are templates.
indirect enum BodyTemplate: Sendable {
    case literal(JSONValue)
    case template(Template)
    case array([BodyTemplate])
    case object([(String, BodyTemplate)])

    func fill(_ values: TemplateValues) throws(AdapterError) -> JSONValue {
        switch self {
        case .literal(let value): return value
        case .template(let template): return try template.value(values)
        case .array(let items):
            var out: [JSONValue] = []
            for item in items { out.append(try item.fill(values)) }
            return .array(out)
        case .object(let members):
            var out: [(key: String, value: JSONValue)] = []
            for (key, item) in members { out.append((key, try item.fill(values))) }
            return .object(JSONObject(out))
        }
    }
}
