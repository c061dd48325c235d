import Foundation
import Ingest
import SessionModel
import Testing
import _TestSupport

/// docs/targets.schema.json and the loader name the same members in every section, so the two cannot drift.
@Suite("target schema")
struct TargetSchemaTests {
    /// Loader section → where its object's `properties` sit in the schema.
    static let places: [(section: String, path: String)] = [
        ("", "$.properties"),
        ("redaction", "$.properties.redaction.properties"),
        ("send", "$.properties.send.properties"),
        ("acknowledged", "$['$defs'].acknowledged.properties"),
        ("acknowledged.body", "$['$defs'].acknowledged.properties.body.properties"),
        ("request", "$['$defs'].request.properties"),
        ("readBack", "$.properties.readBack.properties"),
        ("step", "$.properties.readBack.properties.steps.items.properties"),
        ("paginate", "$.properties.readBack.properties.steps.items.properties.paginate.properties"),
        ("where", "$.properties.readBack.properties.steps.items.properties.where.properties"),
        ("batches", "$.properties.readBack.properties.batches.properties"),
        ("erase", "$.properties.erase.properties"),
    ]

    @Test("every loader section's members are the schema's properties", arguments: places.map(\.section))
    func section(_ section: String) throws {
        let schema = try JSONReader.parse([UInt8](Data(contentsOf: RepositoryFiles.root.appendingPathComponent("docs/targets.schema.json"))))
        let path = try #require(Self.places.first { $0.section == section }?.path)
        let properties = try #require(try JSONQuery(parsing: path).first(in: schema)?.objectValue, "\(path) is not in the schema")
        #expect(properties.keys.sorted() == TargetConfiguration.members[section]?.sorted(), "section '\(section)' at \(path)")
    }

    @Test("every loader section is in the schema")
    func everySection() {
        #expect(Set(Self.places.map(\.section)) == Set(TargetConfiguration.members.keys))
    }
}
