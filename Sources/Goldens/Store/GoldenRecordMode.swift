/// When a golden check may write the reference file: `never`, `missing`, `failed` or `all`.
///
/// Chosen by the `--record` flag, else `GOLDEN_RECORD`, else `missing`
/// locally and `never` when `CI` is set. Any write makes the check fail, so
/// a run that recorded something never passes.
public enum GoldenRecordMode: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Never write; a missing or different golden fails.
    case never
    /// Write goldens that do not exist yet (and fail); a different golden fails.
    case missing
    /// Write goldens that are missing or different (and fail).
    case failed
    /// Write every golden checked (and fail).
    case all

    public var description: String { rawValue }

    /// Reads a mode name, or says which names exist.
    public static func parse(_ text: String) -> Result<GoldenRecordMode, GoldenConfigurationError> {
        if let mode = GoldenRecordMode(rawValue: text.lowercased()) { return .success(mode) }
        let names = allCases.map(\.rawValue).joined(separator: ", ")
        return .failure(GoldenConfigurationError(message: "unknown record mode '\(text)'; use one of \(names)"))
    }
}

/// A record mode or configuration that cannot be used, in plain words.
public struct GoldenConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
