import Foundation
import SessionModel

/// How `send` puts a batch on the wire: a request template, or a program that prints the requests.
enum SendAction: Sendable {
    case request(RequestTemplate)
    case program(ExternalProgram)
}

extension ExternalProgram {
    /// Asks the program for a batch's requests: it gets `{"batch", "names"}` and prints `{"requests": [...]}`.
    ///
    /// Each request is `{"method", "path", "headers": {…}, "body": "text"}` or
    /// `"bodyBase64"` instead of `body`; `method` defaults to POST.
    func requests(for batch: UploadBatch, names: [String: JSONValue]) throws(AdapterError) -> [HTTPRequestBytes] {
        let input = JSONValue.object(JSONObject([
            (key: "batch", value: batch.jsonValue),
            (key: "names", value: .object(JSONObject(names.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }))),
        ]))
        let answer = try self.answer(to: input, purpose: "send")
        guard let printed = answer["requests"]?.arrayValue, !printed.isEmpty else {
            throw AdapterError("send (\(arguments[0])) printed no \"requests\" array with at least one request")
        }
        var requests: [HTTPRequestBytes] = []
        for (index, value) in printed.enumerated() {
            let at = "send (\(arguments[0])): $.requests[\(index)]"
            guard case .object(let object) = value else { throw AdapterError("\(at) is not an object") }
            guard let path = object["path"]?.stringValue, path.hasPrefix("/") else { throw AdapterError("\(at).path must be a string starting with '/'") }
            let method = object["method"]?.stringValue ?? "POST"
            guard !method.isEmpty, method.allSatisfy({ $0.isLetter && $0.isUppercase }) else { throw AdapterError("\(at).method '\(method)' is not an HTTP method") }
            var headers: [HTTPHeader] = []
            for member in object["headers"]?.objectValue?.members ?? [] {
                guard let text = member.value.stringValue, !text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
                    throw AdapterError("\(at).headers.\(member.key) must be a string without CR or LF")
                }
                headers.append(HTTPHeader(member.key, text))
            }
            var body: [UInt8] = []
            if let text = object["body"]?.stringValue {
                body = Array(text.utf8)
            } else if let encoded = object["bodyBase64"]?.stringValue {
                guard let data = Data(base64Encoded: encoded) else { throw AdapterError("\(at).bodyBase64 is not base64") }
                body = [UInt8](data)
            }
            requests.append(HTTPRequestBytes(method: method, path: path, headers: headers, body: body))
        }
        return requests
    }
}
