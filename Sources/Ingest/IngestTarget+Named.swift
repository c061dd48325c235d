import Foundation
import SessionModel

extension IngestTarget {
    /// The adapter names `--adapter` accepts.
    public static let adapterNames = ["reference", "posthog", "sentry", "django-rrweb", "generic"]

    /// Builds a target from command-line words: `--endpoint URL --adapter NAME` plus settings.
    ///
    /// Settings (all optional unless said): `token` (reference ingest and read token, or
    /// PostHog project token), `read-token`, `dsn` (sentry: required for the key and
    /// project), `bugsink-token` and `database` (sentry read-back from bugsink) or `read-back=reference`
    /// (sentry envelopes sent to the reference server), `database`
    /// (django-rrweb: its SQLite file, required), `config` (generic: the target configuration file of docs/targets.md, required; every other setting overrides one of the file's `settings`).
    ///
    /// ```swift
    /// let target = try IngestTarget.named("django-rrweb", endpoint: url, settings: ["database": dbPath])
    /// ```
    public static func named(_ name: String, endpoint: URL, settings: [String: String] = [:]) throws(AdapterError) -> IngestTarget {
        func require(_ key: String) throws(AdapterError) -> String {
            guard let value = settings[key], !value.isEmpty else { throw AdapterError("the \(name) adapter needs the '\(key)' setting") }
            return value
        }
        switch name {
        case "reference":
            return IngestTarget(baseURL: endpoint, adapter: ReferenceAdapter(token: settings["token"]),
                                readBack: ReferenceReadBack(baseURL: endpoint, token: settings["read-token"] ?? settings["token"]),
                                redaction: .referenceServer)
        case "posthog":
            return IngestTarget(baseURL: endpoint, adapter: PostHogAdapter(token: settings["token"] ?? "phc_sessionharness"),
                                readBack: UnavailableReadBack(reason: "PostHog's capture API has no read-back; use --config with a generic readBack section"),
                                retryPolicy: .posthog)
        case "sentry":
            let dsn = try require("dsn")
            guard let adapter = SentryAdapter(dsn: dsn) else { throw AdapterError("'\(dsn)' is not a DSN like http://KEY@HOST:PORT/PROJECT") }
            let readBack: any ReadBack
            if let token = settings["bugsink-token"] {
                readBack = BugsinkReadBack(baseURL: endpoint, token: token, projectId: adapter.projectId, databasePath: settings["database"])
            } else if settings["read-back"] == "reference" {
                readBack = ReferenceReadBack(baseURL: endpoint, token: settings["read-token"])
            } else {
                readBack = UnavailableReadBack(reason: "Sentry replay read-back needs bugsink ('bugsink-token' and 'database' settings) or the reference server ('read-back=reference')")
            }
            return IngestTarget(baseURL: endpoint, adapter: adapter, readBack: readBack, retryPolicy: .sentry)
        case "django-rrweb":
            return IngestTarget(baseURL: endpoint, adapter: DjangoRRWebAdapter(), readBack: DjangoRRWebReadBack(databasePath: try require("database")),
                                granularity: .events, retryPolicy: .none, redaction: .nothing, goldenName: "django-rrweb")
        case "generic":
            let configuration = try TargetConfiguration(contentsOf: try require("config"), settings: settings)
            return IngestTarget(baseURL: endpoint, adapter: configuration, readBack: TargetReadBack(baseURL: endpoint, configuration: configuration),
                                granularity: configuration.storage,
                                eraser: configuration.erase == nil ? nil : TargetEraser(baseURL: endpoint, configuration: configuration),
                                redaction: configuration.redaction, goldenName: configuration.golden)
        default:
            var message = "unknown adapter '\(name)'; known: \(adapterNames.joined(separator: ", "))"
            if let near = Suggestions.closest(to: name, among: adapterNames) { message += "; did you mean '\(near)'?" }
            throw AdapterError(message)
        }
    }
}
