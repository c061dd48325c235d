import Ingest
import SessionModel

/// What a run against a target cannot check, said before it starts so that no check passes by silence.
///
/// ```swift
/// for note in CheckCoverage.notes(for: target, goldenFolder: "golden", goldensChosen: false) { print("note: " + note) }
/// ```
public enum CheckCoverage {
    /// Notes on erasure, redaction and the goldens' assumptions; empty when every check runs as against the reference server.
    ///
    /// `goldensChosen` is true when the goldens were picked for this target
    /// (`--golden`, or the target names its own), false when `golden/` is used by default.
    public static func notes(for target: IngestTarget, goldenFolder: String, goldensChosen: Bool) -> [String] {
        let name = target.adapter.name
        var notes: [String] = []
        if target.eraser == nil {
            notes.append(target.adapter is TargetConfiguration
                ? "erasure is not checked: the configuration '\(name)' has no \"erase\" section"
                : "erasure is not checked: the \(name) adapter offers no way to erase a visitor")
        }
        if target.redaction == nil {
            notes.append("server-side redaction is not checked: the \(name) adapter declares no redaction profile")
        }
        if !goldensChosen, target.redaction != .referenceServer {
            let profile = target.redaction.map { "'s redaction profile is: \($0.summary)" } ?? " declares no redaction profile"
            notes.append("\(goldenFolder)/ holds what the embedded reference server stores (\(RedactionProfile.referenceServer.summary)), "
                         + "but \(name)\(profile); goldens of scenarios that rely on server-side masking will differ; "
                         + "give the target its own goldens (\"golden\" in a configuration) or --golden DIR")
        }
        return notes
    }
}
