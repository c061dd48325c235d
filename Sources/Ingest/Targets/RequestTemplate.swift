import SessionModel

/// One request of a configuration (send, a read-back step, erasure): method, path or URL, query, headers and body, as templates.
struct RequestTemplate: Sendable {
    var method: String
    var path: Template?
    var url: Template?
    var query: [(String, Template)]
    var headers: [(String, Template)]
    var body: BodyTemplate?

    static let members = ["method", "path", "url", "query", "headers", "body"]

    /// Reads a request object; `allowsURL` is false for `send`, which always goes to the endpoint.
    init?(_ value: JSONValue?, at path: String, known names: [String], members: [String], reader: inout ConfigurationReader) {
        guard let object = reader.object(value, at: path, known: members) else {
            if value == nil { reader.fail(path, "missing: an object with method and path") }
            return nil
        }
        method = reader.string(object["method"], at: "\(path).method") ?? "GET"
        self.path = reader.template(object["path"], at: "\(path).path", known: names)
        url = reader.template(object["url"], at: "\(path).url", known: names)
        if self.path == nil, url == nil, object["path"] == nil, object["url"] == nil { reader.fail("\(path).path", "missing: the request's path (or url)") }
        if object["path"] != nil, object["url"] != nil { reader.fail("\(path).url", "give path or url, not both") }
        if let text = object["path"]?.stringValue, !text.hasPrefix("/"), self.path?.lonePlaceholder == nil {
            reader.fail("\(path).path", "must start with '/'")
        }
        query = []
        if let members = reader.object(object["query"], at: "\(path).query", known: object["query"]?.objectValue?.keys ?? []) {
            for member in members.members {
                if let template = reader.template(member.value, at: ConfigurationReader.child("\(path).query", member.key), known: names) { query.append((member.key, template)) }
            }
        }
        headers = []
        if let members = reader.object(object["headers"], at: "\(path).headers", known: object["headers"]?.objectValue?.keys ?? []) {
            for member in members.members {
                let place = ConfigurationReader.child("\(path).headers", member.key)
                if let text = member.value.stringValue, text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
                    reader.fail(place, "a header value cannot hold CR or LF")
                } else if let template = reader.template(member.value, at: place, known: names) {
                    headers.append((member.key, template))
                }
            }
        }
        body = object["body"].map { reader.body($0, at: "\(path).body", known: names) }
    }

    /// The filled request; its path is an absolute URL when the template gave `url`.
    func build(_ values: TemplateValues) throws(AdapterError) -> HTTPRequestBytes {
        var target = try (path ?? url)?.text(values, in: .path) ?? "/"
        if !query.isEmpty {
            var pairs: [String] = []
            for (name, template) in query { pairs.append(PercentCoding.encode(name) + "=" + PercentCoding.encode(try template.text(values, in: .plain))) }
            target += (target.contains("?") ? "&" : "?") + pairs.joined(separator: "&")
        }
        var filled: [HTTPHeader] = []
        for (name, template) in headers { filled.append(HTTPHeader(name, try template.text(values, in: .header))) }
        let bytes = try body.map { template throws(AdapterError) in JSONWriter.canonicalBytes(try template.fill(values)) } ?? []
        return HTTPRequestBytes(method: method, path: target, headers: filled, body: bytes)
    }
}
