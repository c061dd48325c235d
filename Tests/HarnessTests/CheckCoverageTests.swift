import Foundation
import Harness
import Ingest
import Testing
import _TestSupport

/// A run says up front which checks its target cannot have, instead of passing them by silence.
@Suite("check coverage notes")
struct CheckCoverageTests {
    static let endpoint = URL(string: "http://127.0.0.1:1")!

    @Test("the reference adapter and reference.json check everything; nothing is noted")
    func referenceChecksAll() throws {
        let builtIn = try IngestTarget.named("reference", endpoint: Self.endpoint)
        #expect(CheckCoverage.notes(for: builtIn, goldenFolder: "golden", goldensChosen: false).isEmpty)
        let config = RepositoryFiles.root.appendingPathComponent("docs/examples/targets/reference.json").path
        let configured = try IngestTarget.named("generic", endpoint: Self.endpoint, settings: ["config": config])
        #expect(CheckCoverage.notes(for: configured, goldenFolder: "golden", goldensChosen: false).isEmpty)
    }

    @Test("a target without erasure, without a redaction profile, or unlike golden/'s redaction is noted")
    func gapsAreNoted() throws {
        let django = try IngestTarget.named("django-rrweb", endpoint: Self.endpoint, settings: ["database": "/nonexistent.sqlite3"])
        #expect(django.goldenName == "django-rrweb")
        #expect(CheckCoverage.notes(for: django, goldenFolder: "golden/targets/django-rrweb", goldensChosen: true)
                == ["erasure is not checked: the django-rrweb adapter offers no way to erase a visitor"])
        let posthog = try IngestTarget.named("posthog", endpoint: Self.endpoint)
        let notes = CheckCoverage.notes(for: posthog, goldenFolder: "golden", goldensChosen: false)
        #expect(notes.count == 3)
        #expect(notes.last?.hasPrefix("golden/ holds what the embedded reference server stores (Input event text masked with *;") == true, "\(notes)")
        let tiny = RepositoryFiles.root.appendingPathComponent("Tests/Targets/tinyreplay/tinyreplay.json").path
        let configured = try IngestTarget.named("generic", endpoint: Self.endpoint, settings: ["config": tiny])
        let forced = CheckCoverage.notes(for: configured, goldenFolder: "golden", goldensChosen: false)
        #expect(forced.contains { $0.contains("but tinyreplay's redaction profile is: nothing masked server-side; goldens") }, "\(forced)")
    }
}
