import Foundation
import SessionModel

/// Erases a visitor through a configuration's `erase` request, judged by its `acknowledged` rule.
public struct TargetEraser: Eraser {
    public var baseURL: URL
    public var configuration: TargetConfiguration

    public init(baseURL: URL, configuration: TargetConfiguration) {
        self.baseURL = baseURL
        self.configuration = configuration
    }

    public func erase(visitor: String, origins: [String]) async throws -> String? {
        guard let plan = configuration.erase else { return "the configuration '\(configuration.name)' has no erase request" }
        var values = configuration.commonValues(origin: origins.first)
        values["visitorId"] = .string(visitor)
        let request = try plan.request.build(values)
        let (status, body) = try await Transport(baseURL: baseURL, policy: .none).fetch(request)
        guard plan.acknowledgement.accepts(status: status) else { return "erasing visitor \(visitor) (\(request.method) \(request.path)) answered \(status)" }
        return plan.acknowledgement.bodyRefusal(body).map { "erasing visitor \(visitor) was not acknowledged: \($0)" }
    }
}

/// A configuration's `erase` section: one request per visitor and what acknowledges it.
struct ErasePlan: Sendable {
    var request: RequestTemplate
    var acknowledgement: Acknowledgement

    init?(_ value: JSONValue, common: [String], reader: inout ConfigurationReader) {
        guard let object = reader.object(value, at: "$.erase", known: TargetConfiguration.members["erase"]!),
              let request = RequestTemplate(object["request"], at: "$.erase.request", known: ["visitorId"] + common,
                                            members: TargetConfiguration.members["request"]!, reader: &reader) else { return nil }
        self.request = request
        acknowledgement = reader.acknowledgement(object["acknowledged"], at: "$.erase.acknowledged")
    }
}
