import Foundation
import SessionModel

/// Keeps golden file paths inside their root: a name that is not one plain path component, or a path a symlink leads out of the root, is refused.
///
/// Scenario and artifact names come from outside (a `--golden-name`, a scenario file's name),
/// and a golden check writes under `root/scenario/artifact`; `../../etc`, `/tmp/x` or a symlinked
/// scenario folder pointing elsewhere must never become a write outside `root`.
///
/// ```swift
/// GoldenPath.problem(withName: "checkout")   // nil
/// GoldenPath.problem(withName: "../../etc")  // "'../../etc' is not a plain name: it contains '/'"
/// GoldenPath.problem(withRelativePath: "conformance/ordering") // nil
/// ```
public enum GoldenPath {
    /// Why `name` cannot be one component of a golden path, or nil when it can.
    public static func problem(withName name: String) -> String? {
        let shown = "'" + ControlCharacters.escaped(name) + "'"
        if name.isEmpty { return "the name is empty" }
        if name == "." || name == ".." { return "\(shown) is not a plain name: it names a folder, not one inside the golden root" }
        if name.contains("/") { return "\(shown) is not a plain name: it contains '/'" }
        if name.contains("\\") { return "\(shown) is not a plain name: it contains '\\'" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "\(shown) is not a plain name: it contains control characters"
        }
        return nil
    }

    /// Why `path` cannot be a golden folder path such as `conformance/ordering`: each `/`-separated part must be a plain name.
    public static func problem(withRelativePath path: String) -> String? {
        if path.hasPrefix("/") { return "'\(ControlCharacters.escaped(path))' is an absolute path, not one inside the golden root" }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if let problem = problem(withName: String(component)) {
                return "'\(ControlCharacters.escaped(path))' has a part that is not a plain name: \(problem)"
            }
        }
        return nil
    }

    /// Why `root/relative` would lie outside `root` once symlinks are followed, or nil when it stays inside.
    ///
    /// The deepest part of the path that exists is resolved; the rest does not exist yet, so cannot be a symlink.
    public static func problem(resolving relative: String, in root: URL) -> String? {
        let resolvedRoot = root.standardizedFileURL.resolvingSymlinksInPath().path
        var existing = root.appendingPathComponent(relative).standardizedFileURL
        var missing: [String] = []
        while existing.path != "/", !FileManager.default.fileExists(atPath: existing.path), !isSymlink(existing) {
            missing.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        let resolved = missing.reduce(existing.resolvingSymlinksInPath()) { $0.appendingPathComponent($1) }.path
        if resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot + "/") { return nil }
        return "'\(ControlCharacters.escaped(relative))' leads outside the golden root \(ControlCharacters.escaped(root.path)) (to \(ControlCharacters.escaped(resolved)))"
    }

    private static func isSymlink(_ url: URL) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }
}
