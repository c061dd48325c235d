import SessionModel

/// Explains how an actual artifact differs from its golden: a short structural summary first, then a line diff.
///
/// Timelines (JSON with an `entries` array) are compared entry by entry
/// ("3 entries missing after #41 (click)", "entry #12 (network) changed:
/// status 200 → 500"); other JSON member by member; HTML by the element
/// path of each changed line ("text changed in html > body > p: …").
public enum GoldenDiff {
    /// The whole explanation: `summary:` lines, then `diff:` hunks.
    public static func describe(expected: [UInt8], actual: [UInt8], name: String) -> String {
        let expectedText = String(decoding: expected, as: UTF8.self)
        let actualText = String(decoding: actual, as: UTF8.self)
        var summary: [String]
        if name.hasSuffix(".json"), let old = try? JSONReader.parse(expected), let new = try? JSONReader.parse(actual) {
            summary = jsonSummary(old, new)
        } else if name.hasSuffix(".html") {
            summary = htmlSummary(LineDiff.lines(expectedText), LineDiff.lines(actualText))
        } else {
            summary = []
        }
        let diff = LineDiff(old: LineDiff.lines(expectedText), new: LineDiff.lines(actualText))
        if summary.isEmpty {
            summary = diff.isEmpty ? ["only the bytes differ (line endings or a final newline)"] : ["\(diff.edits.filter { if case .same = $0 { return false }; return true }.count) lines differ"]
        }
        let shown = summary.prefix(12).map { "  " + $0 } + (summary.count > 12 ? ["  … \(summary.count - 12) more differences"] : [])
        return "summary:\n" + shown.joined(separator: "\n") + "\ndiff (- golden, + actual):\n" + diff.unified()
    }

    // MARK: - JSON

    static func jsonSummary(_ old: JSONValue, _ new: JSONValue) -> [String] {
        if case .array(let oldEntries)? = old["entries"], case .array(let newEntries)? = new["entries"] {
            var lines = entrySummary(oldEntries, newEntries)
            lines += memberSummary(old, new, skipping: ["entries", "summary"])
            return lines
        }
        return memberSummary(old, new, skipping: [])
    }

    /// Differences between two entry lists, as runs of missing, unexpected or changed entries.
    static func entrySummary(_ old: [JSONValue], _ new: [JSONValue]) -> [String] {
        let diff = LineDiff(old: old.map(JSONWriter.canonicalString), new: new.map(JSONWriter.canonicalString))
        var lines: [String] = []
        var deleted: [Int] = []
        var inserted: [Int] = []
        var lastSameOld: Int?
        func flush() {
            defer { deleted = []; inserted = [] }
            if deleted.isEmpty && inserted.isEmpty { return }
            let anchor = lastSameOld.map { "after #\($0) (\(kind(old[$0])))" } ?? "at the start"
            let paired = min(deleted.count, inserted.count)
            for pair in 0..<paired {
                lines.append("entry #\(deleted[pair]) (\(kind(old[deleted[pair]]))) changed: " + fieldChanges(old[deleted[pair]], new[inserted[pair]]))
            }
            if deleted.count > paired {
                let count = deleted.count - paired
                lines.append("\(count) entr\(count == 1 ? "y" : "ies") missing \(anchor): " + kinds(deleted[paired...].map { old[$0] }))
            }
            if inserted.count > paired {
                let count = inserted.count - paired
                lines.append("\(count) unexpected entr\(count == 1 ? "y" : "ies") \(anchor): " + kinds(inserted[paired...].map { new[$0] }))
            }
        }
        for edit in diff.edits {
            switch edit {
            case .same(let o, _):
                flush()
                lastSameOld = o
            case .delete(let o): deleted.append(o)
            case .insert(let n): inserted.append(n)
            }
        }
        flush()
        return lines
    }

    private static func kind(_ entry: JSONValue) -> String {
        entry["kind"]?.stringValue ?? entry.kindName
    }

    private static func kinds(_ entries: [JSONValue]) -> String {
        var counts: [(String, Int)] = []
        for entry in entries {
            let name = kind(entry)
            if let index = counts.firstIndex(where: { $0.0 == name }) { counts[index].1 += 1 } else { counts.append((name, 1)) }
        }
        return counts.map { $0.1 == 1 ? $0.0 : "\($0.1) \($0.0)" }.joined(separator: ", ")
    }

    /// `field: old → new` for each top-level member that differs (at most three).
    static func fieldChanges(_ old: JSONValue, _ new: JSONValue) -> String {
        guard case .object(let a) = old, case .object(let b) = new else { return "\(short(old)) → \(short(new))" }
        var names = a.keys
        for key in b.keys where !names.contains(key) { names.append(key) }
        names.sort()
        var parts: [String] = []
        for name in names where a[name] != b[name] {
            parts.append("\(name): \(a[name].map(short) ?? "(absent)") → \(b[name].map(short) ?? "(absent)")")
        }
        let shown = parts.prefix(3).joined(separator: "; ")
        return parts.count > 3 ? shown + "; and \(parts.count - 3) more" : shown
    }

    private static func memberSummary(_ old: JSONValue, _ new: JSONValue, skipping: Set<String>) -> [String] {
        guard case .object(let a) = old, case .object(let b) = new else {
            return old == new ? [] : ["value changed: \(short(old)) → \(short(new))"]
        }
        var lines: [String] = []
        let names = Set(a.keys).union(b.keys).subtracting(skipping).sorted()
        for name in names where a[name] != b[name] {
            switch (a[name], b[name]) {
            case (nil, let value?): lines.append("member \"\(name)\" added: \(short(value))")
            case (let value?, nil): lines.append("member \"\(name)\" missing (was \(short(value)))")
            case (let x?, let y?): lines.append("member \"\(name)\" changed: \(short(x)) → \(short(y))")
            default: break
            }
        }
        return lines
    }

    static func short(_ value: JSONValue) -> String {
        let text = JSONWriter.canonicalString(value)
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }

    // MARK: - HTML

    /// Changed lines of canonical HTML, each named by the element path it sits in.
    static func htmlSummary(_ old: [String], _ new: [String]) -> [String] {
        let diff = LineDiff(old: old, new: new)
        var lines: [String] = []
        var deleted: [Int] = []
        var inserted: [Int] = []
        func flush() {
            defer { deleted = []; inserted = [] }
            let paired = min(deleted.count, inserted.count)
            for pair in 0..<paired {
                let before = old[deleted[pair]].trimmingLeadingSpaces
                let after = new[inserted[pair]].trimmingLeadingSpaces
                let path = elementPath(of: inserted[pair], in: new)
                if before.hasPrefix("<") || after.hasPrefix("<") {
                    lines.append("node changed in \(path): \(shorten(before)) → \(shorten(after))")
                } else {
                    lines.append("text changed in \(path): \(shorten(before)) → \(shorten(after))")
                }
            }
            for index in deleted.dropFirst(paired) where !old[index].trimmingLeadingSpaces.hasPrefix("</") {
                lines.append("node missing in \(elementPath(of: index, in: old)): \(shorten(old[index].trimmingLeadingSpaces))")
            }
            for index in inserted.dropFirst(paired) where !new[index].trimmingLeadingSpaces.hasPrefix("</") {
                lines.append("unexpected node in \(elementPath(of: index, in: new)): \(shorten(new[index].trimmingLeadingSpaces))")
            }
        }
        for edit in diff.edits {
            switch edit {
            case .same: flush()
            case .delete(let o): deleted.append(o)
            case .insert(let n): inserted.append(n)
            }
        }
        flush()
        return lines
    }

    /// The chain of start tags enclosing line `index` of canonical (indented) HTML, e.g. `html > body > main`.
    static func elementPath(of index: Int, in lines: [String]) -> String {
        var indent = lines[index].leadingSpaceCount
        var path: [String] = []
        var position = index - 1
        while position >= 0, indent > 0 {
            let line = lines[position]
            let lineIndent = line.leadingSpaceCount
            if lineIndent < indent {
                let trimmed = line.trimmingLeadingSpaces
                if trimmed.hasPrefix("<"), !trimmed.hasPrefix("</"), !trimmed.hasPrefix("<!") {
                    path.append(tagSummary(trimmed))
                } else if trimmed.hasPrefix("<!--#document") {
                    path.append("#document")
                }
                indent = lineIndent
            }
            position -= 1
        }
        return path.isEmpty ? "the document" : path.reversed().joined(separator: " > ")
    }

    /// `div#main` or `p.status` from a start tag line.
    private static func tagSummary(_ line: String) -> String {
        let inside = line.dropFirst().prefix { $0 != ">" }
        let name = inside.prefix { $0 != " " }
        var result = String(name)
        if let range = inside.range(of: " id=\"") {
            result += "#" + inside[range.upperBound...].prefix { $0 != "\"" }
        } else if let range = inside.range(of: " class=\"") {
            let classes = inside[range.upperBound...].prefix { $0 != "\"" }.split(separator: " ").prefix(2)
            for name in classes { result += "." + name }
        }
        return result
    }

    private static func shorten(_ text: String) -> String {
        text.count > 70 ? String(text.prefix(67)) + "…" : text
    }
}

extension String {
    var leadingSpaceCount: Int { prefix { $0 == " " }.count }
    var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
