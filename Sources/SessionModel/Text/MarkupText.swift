/// Escapes text for HTML or SVG content and double-quoted attributes: `&`, `<`, `>` and `"` become entities.
///
/// ```swift
/// MarkupText.escaped(#"a < b & "c""#) // "a &lt; b &amp; &quot;c&quot;"
/// ```
public enum MarkupText {
    public static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
